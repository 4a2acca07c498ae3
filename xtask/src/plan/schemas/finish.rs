//! Passes over the models once every one is known: three-state fields, alias cycles, boxing of
//! recursive and deeply nested fields.

use super::Schemas;
use super::graph::{limit_depth, model_names, strongly_connected};
use crate::plan::{ModelKind, Ty};
use std::collections::{HashMap, HashSet};

impl Schemas<'_> {
    /// Marks three-state fields, boxes recursive fields, and breaks alias cycles.
    pub fn finish(&mut self, request_types: &[Ty]) {
        let index: HashMap<String, usize> = self
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        self.mark_three_state(request_types, &index);
        self.break_alias_cycles(&index);
        self.box_cycles(&index);
        limit_depth(&mut self.models, &index);
    }

    /// Models reachable from request bodies get three-state optional+nullable fields.
    fn mark_three_state(&mut self, request_types: &[Ty], index: &HashMap<String, usize>) {
        let mut reachable = HashSet::new();
        let mut stack: Vec<String> = Vec::new();
        for t in request_types {
            t.all_names(&mut stack);
        }
        while let Some(n) = stack.pop() {
            if !reachable.insert(n.clone()) {
                continue;
            }
            if let Some(&i) = index.get(&n) {
                model_names(&self.models[i], &mut stack, false);
            }
        }
        for m in &mut self.models {
            if reachable.contains(&m.name)
                && let ModelKind::Struct { fields, .. } = &mut m.kind
            {
                for f in fields {
                    f.three_state = true;
                }
            }
        }
    }

    /// Alias cycles (`type A = Vec<A>`) are not valid Rust: fall back to JSON values.
    fn break_alias_cycles(&mut self, index: &HashMap<String, usize>) {
        let alias_names: HashSet<String> = self
            .models
            .iter()
            .filter(|m| matches!(m.kind, ModelKind::Alias(_)))
            .map(|m| m.name.clone())
            .collect();
        for i in 0..self.models.len() {
            let ModelKind::Alias(t) = &self.models[i].kind else {
                continue;
            };
            let start = self.models[i].name.clone();
            let start_ptr = self.models[i].ptr.clone();
            let mut seen = HashSet::new();
            let mut todo = Vec::new();
            t.all_names(&mut todo);
            let mut cyclic = false;
            while let Some(n) = todo.pop() {
                if n == start {
                    cyclic = true;
                    break;
                }
                if !alias_names.contains(&n) || !seen.insert(n.clone()) {
                    continue;
                }
                if let ModelKind::Alias(t2) = &self.models[index[&n]].kind {
                    t2.all_names(&mut todo);
                }
            }
            if cyclic {
                self.warnings.warn(
                    &start_ptr,
                    "a type alias that refers to itself is generated as a JSON value",
                );
                self.models[i].kind = ModelKind::Alias(Ty::Value);
            }
        }
    }

    /// Recursive models: box every by-value edge inside a strongly connected component.
    fn box_cycles(&mut self, index: &HashMap<String, usize>) {
        let sccs = strongly_connected(&self.models, index);
        for m in &mut self.models {
            let own = sccs.get(&m.name).copied();
            let in_cycle =
                |target: &str| -> bool { own.is_some() && sccs.get(target).copied() == own };
            match &mut m.kind {
                ModelKind::Struct { fields, .. } => {
                    for f in fields {
                        let mut names = Vec::new();
                        f.base.value_names(&mut names);
                        if names.iter().any(|n| in_cycle(n)) {
                            f.boxed = true;
                        }
                    }
                }
                ModelKind::Union { variants, .. } => {
                    for v in variants {
                        let mut names = Vec::new();
                        v.ty.value_names(&mut names);
                        if names.iter().any(|n| in_cycle(n)) {
                            v.ty = Ty::Boxed(Box::new(v.ty.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
