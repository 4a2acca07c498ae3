//! The by-value reference graph of the models: recursion (strongly connected components) and
//! nesting depth.

use crate::plan::{Model, ModelKind, Ty};
use std::collections::HashMap;

/// Longest chain of by-value nesting allowed before a field or variant is boxed. Deeper chains
/// make rustc's drop-check overflow its recursion limit on large specs.
const MAX_VALUE_DEPTH: usize = 6;

/// Boxes by-value references to models nested more than [`MAX_VALUE_DEPTH`] deep. Runs after
/// cycles were boxed, so the by-value graph is acyclic.
pub(super) fn limit_depth(models: &mut [Model], index: &HashMap<String, usize>) {
    // Post-order over by-value edges, children first.
    let mut order = Vec::with_capacity(models.len());
    let mut state = vec![0u8; models.len()];
    for start in 0..models.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, false)];
        while let Some((v, done)) = stack.pop() {
            if done {
                state[v] = 2;
                order.push(v);
                continue;
            }
            if state[v] != 0 {
                continue;
            }
            state[v] = 1;
            stack.push((v, true));
            for t in unboxed_targets(&models[v]) {
                if let Some(&w) = index.get(&t)
                    && state[w] == 0
                {
                    stack.push((w, false));
                }
            }
        }
    }
    let mut depth = vec![1usize; models.len()];
    for v in order {
        let depth_of = |t: &Ty, depth: &[usize]| -> usize {
            let mut names = Vec::new();
            t.value_names(&mut names);
            names
                .iter()
                .filter_map(|n| index.get(n))
                .map(|&i| depth[i])
                .max()
                .unwrap_or(0)
        };
        let mut max = 0;
        match &mut models[v].kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields.iter_mut().filter(|f| !f.boxed) {
                    let d = depth_of(&f.base, &depth);
                    if d >= MAX_VALUE_DEPTH {
                        f.boxed = true;
                    } else {
                        max = max.max(d);
                    }
                }
            }
            ModelKind::Union { variants, .. } => {
                for u in variants.iter_mut() {
                    let d = depth_of(&u.ty, &depth);
                    if matches!(u.ty, Ty::Boxed(_)) {
                        continue;
                    }
                    if d >= MAX_VALUE_DEPTH {
                        u.ty = Ty::Boxed(Box::new(u.ty.clone()));
                    } else {
                        max = max.max(d);
                    }
                }
            }
            ModelKind::Alias(t) => max = depth_of(t, &depth),
            ModelKind::Enum { .. } | ModelKind::IntEnum { .. } => {}
        }
        depth[v] = max + 1;
    }
}

/// The models `m` holds by value without a box.
fn unboxed_targets(m: &Model) -> Vec<String> {
    let mut out = Vec::new();
    match &m.kind {
        ModelKind::Struct { fields, .. } => {
            for f in fields.iter().filter(|f| !f.boxed) {
                f.base.value_names(&mut out);
            }
        }
        ModelKind::Union { variants, .. } => {
            for v in variants.iter().filter(|v| !matches!(v.ty, Ty::Boxed(_))) {
                v.ty.value_names(&mut out);
            }
        }
        ModelKind::Alias(t) => t.value_names(&mut out),
        ModelKind::Enum { .. } | ModelKind::IntEnum { .. } => {}
    }
    out
}

/// The models `m` refers to: by value only, or through any type.
pub(super) fn model_names(m: &Model, out: &mut Vec<String>, value_only: bool) {
    let mut push = |t: &Ty| {
        if value_only {
            t.value_names(out)
        } else {
            t.all_names(out)
        }
    };
    match &m.kind {
        ModelKind::Struct {
            fields, additional, ..
        } => {
            for f in fields {
                push(&f.base);
            }
            if let Some((_, t)) = additional
                && !value_only
            {
                push(t);
            }
        }
        ModelKind::Union { variants, .. } => {
            for v in variants {
                push(&v.ty);
            }
        }
        ModelKind::Alias(t) => push(t),
        ModelKind::Enum { .. } | ModelKind::IntEnum { .. } => {}
    }
}

/// Tarjan's algorithm over by-value edges; returns model name → component id for models in
/// cyclic components only.
pub(super) fn strongly_connected(
    models: &[Model],
    index: &HashMap<String, usize>,
) -> HashMap<String, usize> {
    let n = models.len();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| {
            let mut names = Vec::new();
            model_names(m, &mut names, true);
            names.iter().filter_map(|x| index.get(x).copied()).collect()
        })
        .collect();
    let mut idx = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut out = HashMap::new();
    let mut comp = 0;
    for start in 0..n {
        if idx[start] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, next edge position).
        let mut work = vec![(start, 0usize)];
        idx[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < edges[v].len() {
                let w = edges[v][*pos];
                *pos += 1;
                if idx[w] == usize::MAX {
                    idx[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(idx[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == idx[v] {
                    let mut members = Vec::new();
                    loop {
                        let w = stack.pop().expect("tarjan stack");
                        on_stack[w] = false;
                        members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let cyclic = members.len() > 1 || edges[v].contains(&v);
                    if cyclic {
                        for w in members {
                            out.insert(models[w].name.clone(), comp);
                        }
                        comp += 1;
                    }
                }
            }
        }
    }
    out
}
