//! The construct fixtures, shared by the snapshot tests (`codegen.rs`) and the compile test
//! (`compile.rs`): one spec per construct, `fixtures/3.0/<name>.yaml` and its 3.1 twin in
//! `fixtures/3.1/` (YAML or JSON), which generate the same code.

/// Calls the macro `$then` with the name of every construct fixture, in this order.
macro_rules! with_constructs {
    ($then:ident) => {
        $then!(
            objects,
            enums,
            oneof_untagged,
            oneof_discriminator,
            allof,
            additional_properties,
            free_form,
            arrays,
            formats,
            recursive,
            inline_naming,
            keywords,
            params,
            bodies,
            responses,
            security,
            retry_safe,
            pagination,
            external_ref,
            fallbacks,
            json_schema,
            env_config,
            repair_format_type,
            repair_path_params,
            repair_operation_ids,
            repair_missing_refs,
            repair_contradictions,
            repair_not_dropped,
        );
    };
}
