//! The construct fixtures, shared by the snapshot tests (`codegen.rs`) and the compile test
//! (`compile.rs`): one spec per construct, `fixtures/3.0/<name>.yaml` and its 3.1 twin in
//! `fixtures/3.1/` (YAML or JSON), which generate the same code; and the Swagger 2.0 constructs
//! that have no 3.0 twin (`fixtures/2.0/`).

/// Swagger 2.0 constructs without a 3.0 twin (`fixtures/2.0/<name>.yaml`); their paths and
/// component names are unique among all fixtures, so they merge into the all-constructs spec.
#[allow(dead_code)] // used by `compile.rs` and `swagger2.rs`, not by `codegen.rs`
pub const SWAGGER2_ONLY: &[&str] = &[
    "swagger2_params",
    "swagger2_bodies",
    "swagger2_security",
    "swagger2_repair_format_type",
    "swagger2_repair_path_params",
    "swagger2_repair_operation_ids",
    "swagger2_repair_missing_refs",
    "swagger2_repair_contradictions",
    "swagger2_repair_not_dropped",
];

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
            multipart,
            responses,
            error_models,
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
