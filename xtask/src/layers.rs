//! The module layering check of `cargo xtask lint`: builds each crate's module graph from its
//! source files and refuses import cycles and the imports the architecture forbids
//! (docs/architecture.md says which layer may use which).
//!
//! How the graph is made, with the standard library only:
//! - a module is a file: `lib.rs` is the crate root, `a.rs` or `a/mod.rs` is `a`, `a/b.rs` is `a::b`;
//! - an edge is every path that starts with `crate::`, `super::` or `self::` in the code (in `use`
//!   trees and in expressions), resolved to the deepest module it names; comments, strings and
//!   `#[cfg(test)]` modules are left out (doc links and tests are not dependencies);
//! - an edge between two modules counts between their ancestors just below the modules' common
//!   ancestor, so that `tickets -> wire::tickets` and `wire::claims -> tickets` make the cycle
//!   `tickets <-> wire` at the crate root. A module and its own submodules are one unit.
//!
//! A cycle at any level is an error, and so is any edge a crate's [`Forbid`] list names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::util::*;

/// An import the architecture forbids: from a module at or below `from` (the crate root when
/// empty) to a module at or below `to`, unless the importing module is at or below one of
/// `except`. `siblings_under`: any edge between two different children of this module.
pub enum Forbid {
    Edge {
        from: &'static str,
        to: &'static str,
        except: &'static [&'static str],
        why: &'static str,
    },
    SiblingsUnder {
        parent: &'static str,
        why: &'static str,
    },
}

pub struct CrateSpec {
    pub name: &'static str,
    /// The folder holding `lib.rs` (or `main.rs`), from the repository root.
    pub src: &'static str,
    pub root_file: &'static str,
    pub forbid: &'static [Forbid],
}

/// The crates of the workspace and their rules.
pub const CRATES: &[CrateSpec] = &[
    CrateSpec {
        name: "portal-rules",
        src: "crates/rules/src",
        root_file: "lib.rs",
        forbid: &[],
    },
    CrateSpec {
        name: "portal-server",
        src: "crates/server/src",
        root_file: "lib.rs",
        forbid: &[Forbid::Edge {
            from: "",
            to: "api",
            except: &["api"],
            why: "handlers in api/ use the layers below them; nothing below imports api/ (the router is assembled in lib.rs)",
        }],
    },
    CrateSpec {
        name: "portal-app",
        src: "src",
        root_file: "lib.rs",
        forbid: &[
            Forbid::Edge {
                from: "pages",
                to: "app",
                except: &[],
                why: "pages sit below the app shell; what they share with it lives in page.rs or components/",
            },
            Forbid::Edge {
                from: "components",
                to: "pages",
                except: &[],
                why: "components are used by pages, never the other way round",
            },
            Forbid::SiblingsUnder {
                parent: "pages",
                why: "a page does not import another page; what two pages share goes to components/ or a module below pages",
            },
            // Folders that group pages (not one journey's files) keep their pages apart too.
            Forbid::SiblingsUnder {
                parent: "pages::tickets",
                why: "the ticket lists, the entry journey and the ticket page do not import each other; a list links to a route (e.g. /tickets/new/{id} resumes a draft)",
            },
            Forbid::SiblingsUnder {
                parent: "pages::hfs",
                why: "an HFS page does not import another page",
            },
            Forbid::SiblingsUnder {
                parent: "pages::admin",
                why: "an administration page does not import another page",
            },
        ],
    },
    CrateSpec {
        name: "claims-worker",
        src: "crates/claims-worker/src",
        root_file: "lib.rs",
        forbid: &[],
    },
    CrateSpec {
        name: "xtask",
        src: "xtask/src",
        root_file: "main.rs",
        forbid: &[],
    },
];

type Module = Vec<String>;

/// Checks every crate; prints what it found and returns the number of problems.
pub fn check(ctx: &Ctx) -> Res<usize> {
    let mut problems = 0;
    for spec in CRATES {
        let found = check_crate(&ctx.root, spec)?;
        if found.is_empty() {
            ok(format!(
                "{}: module graph has no cycles or forbidden imports",
                spec.name
            ));
        }
        for p in &found {
            println!("error: {}: {p}", spec.name);
        }
        problems += found.len();
    }
    Ok(problems)
}

fn check_crate(root: &Path, spec: &CrateSpec) -> Res<Vec<String>> {
    let src = root.join(spec.src);
    let files = module_files(&src, spec.root_file)?;
    let modules: BTreeSet<Module> = files.keys().cloned().collect();
    let mut edges: BTreeMap<(Module, Module), String> = BTreeMap::new();
    for (module, file) in &files {
        let text = fs::read_to_string(file)?;
        for path in paths_in(&code_only(&text)) {
            if let Some(target) = resolve(module, &path, &modules) {
                if target != *module {
                    let rel = file
                        .strip_prefix(root)
                        .unwrap_or(file)
                        .display()
                        .to_string();
                    edges
                        .entry((module.clone(), target))
                        .or_insert_with(|| format!("{rel}: {}", path.join("::")));
                }
            }
        }
    }
    let mut problems = forbidden(spec, &edges);
    problems.extend(cycles(&edges));
    Ok(problems)
}

/// Every module file below `src`, by module path.
fn module_files(src: &Path, root_file: &str) -> Res<BTreeMap<Module, PathBuf>> {
    let mut out = BTreeMap::new();
    let root = src.join(root_file);
    if !root.exists() {
        return fail(format!("{} is missing", root.display()));
    }
    out.insert(Vec::new(), root);
    let mut stack = vec![(src.to_path_buf(), Vec::<String>::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&dir)?.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut p = prefix.clone();
                p.push(name);
                stack.push((path, p));
            } else if let Some(stem) = name.strip_suffix(".rs") {
                if prefix.is_empty() && (stem == "lib" || stem == "main" || name == root_file) {
                    continue;
                }
                let mut m = prefix.clone();
                if stem != "mod" {
                    m.push(stem.to_string());
                }
                out.insert(m, path);
            }
        }
    }
    Ok(out)
}

/// The text with comments, string and char literals blanked and `#[cfg(test)]` items removed.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"') | Some(b'#')) && raw_start(b, i) {
            // r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            j += 1; // the opening quote
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' && is_char_literal(b, i) {
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            // Keep the text byte for byte (it is UTF-8 and we only skip whole literals).
            let len = utf8_len(c);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    strip_test_modules(&out)
}

fn raw_start(b: &[u8], i: usize) -> bool {
    // `r` must begin a token (not the end of an identifier such as `for"`).
    let before_ok = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    let mut j = i + 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    before_ok && b.get(j) == Some(&b'"')
}

fn is_char_literal(b: &[u8], i: usize) -> bool {
    // 'x', '\n', '\u{..}' — not a lifetime such as 'a or 'static.
    match (b.get(i + 1), b.get(i + 2)) {
        (Some(b'\\'), _) => true,
        (Some(_), Some(b'\'')) => true,
        (Some(&c), _) if c >= 0x80 => {
            let len = utf8_len(c);
            b.get(i + 1 + len) == Some(&b'\'')
        }
        _ => false,
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Removes `#[cfg(test)] mod name { ... }` blocks (the text is free of comments and strings).
fn strip_test_modules(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_mod = trimmed.starts_with("mod ") || trimmed.starts_with("pub mod ");
        let brace = trimmed.find(['{', ';']);
        match (is_mod, brace) {
            (true, Some(pos)) if trimmed.as_bytes()[pos] == b'{' => {
                let body = &trimmed[pos..];
                let mut depth = 0usize;
                let mut end = body.len();
                for (k, ch) in body.char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &body[end..];
            }
            _ => {
                // A test-only item other than an inline module (`use`, `fn`, `mod x;`): drop
                // the next item up to its end (`;` or a balanced block), approximately.
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `crate::`/`super::`/`self::` path in the code, with `use` trees expanded.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let tokens = tokenize(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "use" {
            let mut j = i + 1;
            let end = loop {
                if j >= tokens.len() || tokens[j] == ";" {
                    break j;
                }
                j += 1;
            };
            expand_use(&tokens[i + 1..end], &mut Vec::new(), &mut out);
            i = end + 1;
            continue;
        }
        if matches!(tokens[i].as_str(), "crate" | "super" | "self")
            && tokens.get(i + 1).map(String::as_str) == Some("::")
            && (i == 0 || tokens[i - 1] != "::")
        {
            let mut path = vec![tokens[i].clone()];
            let mut j = i + 1;
            while tokens.get(j).map(String::as_str) == Some("::") {
                match tokens.get(j + 1) {
                    Some(t) if is_ident(t) => {
                        path.push(t.clone());
                        j += 2;
                    }
                    _ => break,
                }
            }
            out.push(path);
            i = j;
            continue;
        }
        i += 1;
    }
    out.into_iter()
        .filter(|p| matches!(p[0].as_str(), "crate" | "super" | "self"))
        .collect()
}

fn expand_use(tokens: &[String], prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    // A use tree: path segments separated by `::`, ending in an ident, `*`, or `{ tree, ... }`.
    let mut i = 0;
    let start_len = prefix.len();
    let mut leading_colons = false;
    if tokens.first().map(String::as_str) == Some("::") {
        leading_colons = true;
        i = 1;
    }
    while i < tokens.len() {
        let t = &tokens[i];
        if t == "{" {
            // Split the group's top-level items on commas.
            let mut depth = 0;
            let mut item_start = i + 1;
            let mut k = i;
            while k < tokens.len() {
                match tokens[k].as_str() {
                    "{" => depth += 1,
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            expand_use(&tokens[item_start..k], prefix, out);
                            break;
                        }
                    }
                    "," if depth == 1 => {
                        expand_use(&tokens[item_start..k], prefix, out);
                        item_start = k + 1;
                    }
                    _ => {}
                }
                k += 1;
            }
            prefix.truncate(start_len);
            return;
        } else if t == "::" {
            i += 1;
        } else if t == "as" {
            break;
        } else if is_ident(t) || t == "*" {
            // `self` inside a group names the group's own path.
            if t != "*" && (t != "self" || prefix.is_empty()) {
                prefix.push(t.clone());
            }
            i += 1;
        } else {
            break;
        }
    }
    if !leading_colons && !prefix.is_empty() {
        out.push(prefix.clone());
    }
    prefix.truncate(start_len);
}

fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphabetic() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    end = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(code[start..end].to_string());
        } else if c == ':' && chars.peek().map(|&(_, d)| d) == Some(':') {
            chars.next();
            tokens.push("::".into());
        } else if !c.is_whitespace() {
            // Punctuation, one character a token (`{`, `}`, `,`, `;`, `*` matter here).
            tokens.push(c.to_string());
        }
    }
    tokens
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The deepest known module a path names, seen from `from`.
fn resolve(from: &Module, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let mut base: Module = match path[0].as_str() {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => {
            let mut m = from.clone();
            m.pop()?;
            m
        }
        _ => return None,
    };
    let mut rest = &path[1..];
    while let Some(first) = rest.first() {
        if first == "super" {
            base.pop()?;
            rest = &rest[1..];
        } else if first == "self" {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    for seg in rest {
        let mut next = base.clone();
        next.push(seg.clone());
        if modules.contains(&next) {
            base = next;
        } else {
            break;
        }
    }
    Some(base)
}

/// The pair of ancestors of `a` and `b` just below their common ancestor, if neither is the
/// ancestor of the other.
fn sibling_pair(a: &Module, b: &Module) -> Option<(Module, Module)> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if common == a.len() || common == b.len() {
        return None;
    }
    Some((a[..=common].to_vec(), b[..=common].to_vec()))
}

fn under(m: &Module, prefix: &str) -> bool {
    if prefix.is_empty() {
        return true;
    }
    let p: Vec<&str> = prefix.split("::").collect();
    m.len() >= p.len() && m.iter().zip(&p).all(|(a, b)| a == b)
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

fn forbidden(spec: &CrateSpec, edges: &BTreeMap<(Module, Module), String>) -> Vec<String> {
    let mut problems = Vec::new();
    for ((from, to), at) in edges {
        for rule in spec.forbid {
            match rule {
                Forbid::Edge {
                    from: f,
                    to: t,
                    except,
                    why,
                } => {
                    let from_ok = if f.is_empty() {
                        !from.is_empty()
                    } else {
                        under(from, f)
                    };
                    if from_ok
                        && under(to, t)
                        && !under(from, t)
                        && !except.iter().any(|e| under(from, e))
                    {
                        problems.push(format!("{} imports {} ({at}): {why}", name(from), name(to)));
                    }
                }
                Forbid::SiblingsUnder { parent, why } => {
                    let depth = parent.split("::").count();
                    if under(from, parent)
                        && under(to, parent)
                        && from.len() > depth
                        && to.len() > depth
                        && from[depth] != to[depth]
                    {
                        problems.push(format!("{} imports {} ({at}): {why}", name(from), name(to)));
                    }
                }
            }
        }
    }
    problems
}

/// Cycles among siblings, at every level of the module tree.
fn cycles(edges: &BTreeMap<(Module, Module), String>) -> Vec<String> {
    let mut graph: BTreeMap<Module, BTreeMap<Module, String>> = BTreeMap::new();
    for ((a, b), at) in edges {
        if let Some((x, y)) = sibling_pair(a, b) {
            graph
                .entry(x)
                .or_default()
                .entry(y)
                .or_insert_with(|| at.clone());
        }
    }
    // Strongly connected components (Tarjan), reported one line each with one example edge per
    // step of a cycle.
    let nodes: Vec<Module> = graph
        .iter()
        .flat_map(|(a, bs)| std::iter::once(a.clone()).chain(bs.keys().cloned()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index_of: BTreeMap<&Module, usize> =
        nodes.iter().enumerate().map(|(i, m)| (m, i)).collect();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|m| {
            graph
                .get(m)
                .map(|bs| bs.keys().map(|b| index_of[b]).collect())
                .unwrap_or_default()
        })
        .collect();
    let mut problems = Vec::new();
    for comp in tarjan(&succ) {
        if comp.len() < 2 {
            continue;
        }
        let members: BTreeSet<usize> = comp.iter().copied().collect();
        let cycle = find_cycle(&succ, &members, comp[0]);
        let mut steps = Vec::new();
        for w in cycle.windows(2) {
            let at = &graph[&nodes[w[0]]][&nodes[w[1]]];
            steps.push(format!(
                "{} -> {} ({at})",
                name(&nodes[w[0]]),
                name(&nodes[w[1]])
            ));
        }
        // Every other edge inside the same knot, so that one run shows all there is to undo.
        let mut others = Vec::new();
        for &a in &members {
            for &b in &succ[a] {
                let on_cycle = cycle.windows(2).any(|w| w[0] == a && w[1] == b);
                if members.contains(&b) && !on_cycle {
                    let at = &graph[&nodes[a]][&nodes[b]];
                    others.push(format!("{} -> {} ({at})", name(&nodes[a]), name(&nodes[b])));
                }
            }
        }
        if !others.is_empty() {
            steps.push(format!("and in the same knot: {}", others.join("; ")));
        }
        problems.push(format!("import cycle: {}", steps.join("; ")));
    }
    problems
}

fn tarjan(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        succ: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for k in 0..s.succ[v].len() {
            let w = s.succ[v][k];
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(comp);
        }
    }
    let n = succ.len();
    let mut s = State {
        succ,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

/// A shortest cycle through `start` inside one strongly connected component (breadth first):
/// `[start, ..., start]`.
fn find_cycle(succ: &[Vec<usize>], members: &BTreeSet<usize>, start: usize) -> Vec<usize> {
    let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            if !members.contains(&w) {
                continue;
            }
            if w == start {
                // Walk back from v to start, then put the steps in order.
                let mut back = vec![v];
                while *back.last().expect("never empty") != start {
                    let at = *back.last().expect("never empty");
                    back.push(prev[&at]);
                }
                back.reverse();
                back.push(start);
                return back;
            }
            if w != start && !prev.contains_key(&w) {
                prev.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Module {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split("::").map(String::from).collect()
        }
    }

    #[test]
    fn use_trees_expand_and_comments_do_not_count() {
        let code = code_only(
            "//! [`crate::doc::Link`]\nuse crate::{a::B, c::{self, d::E}};\nuse super::x as y;\n\
             fn f() { let s = \"crate::in_string\"; crate::inline::call(); }\n\
             #[cfg(test)]\nmod tests { use crate::test_only::X; }\n",
        );
        let paths: Vec<String> = paths_in(&code).iter().map(|p| p.join("::")).collect();
        assert_eq!(
            paths,
            [
                "crate::a::B",
                "crate::c",
                "crate::c::d::E",
                "super::x",
                "crate::inline::call"
            ]
        );
    }

    #[test]
    fn resolution_stops_at_the_deepest_module() {
        let modules: BTreeSet<Module> = ["", "a", "a::b", "c"].iter().map(|s| m(s)).collect();
        let p = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
        assert_eq!(
            resolve(&m("c"), &p("crate::a::b::Item"), &modules),
            Some(m("a::b"))
        );
        assert_eq!(
            resolve(&m("a::b"), &p("super::Thing"), &modules),
            Some(m("a"))
        );
        assert_eq!(
            resolve(&m("a::b"), &p("super::super::c::f"), &modules),
            Some(m("c"))
        );
    }

    #[test]
    fn a_cycle_through_nested_modules_is_found_at_their_common_level() {
        let mut edges = BTreeMap::new();
        edges.insert((m("tickets"), m("wire::tickets")), "e1".to_string());
        edges.insert((m("wire::tickets"), m("wire::claims")), "e2".to_string());
        edges.insert((m("wire::claims"), m("claims")), "e3".to_string());
        edges.insert((m("claims"), m("tickets")), "e4".to_string());
        let found = cycles(&edges);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("tickets -> wire"), "{}", found[0]);
        assert!(found[0].contains("wire -> claims"), "{}", found[0]);
        assert!(found[0].contains("claims -> tickets"), "{}", found[0]);
    }

    #[test]
    fn a_parent_and_its_child_are_one_unit() {
        let mut edges = BTreeMap::new();
        edges.insert((m("pages"), m("pages::home")), String::new());
        edges.insert((m("pages::home"), m("pages")), String::new());
        assert!(cycles(&edges).is_empty());
    }

    #[test]
    fn forbidden_edges_are_named() {
        let spec = &CRATES[2];
        let mut edges = BTreeMap::new();
        edges.insert(
            (m("pages::fines"), m("app")),
            "src/pages/fines.rs".to_string(),
        );
        edges.insert(
            (m("pages::tickets::lists"), m("pages::fines")),
            "x".to_string(),
        );
        edges.insert(
            (m("pages::tickets::lists"), m("pages::tickets")),
            "y".to_string(),
        );
        let found = forbidden(spec, &edges);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("pages::fines imports app"));
        assert!(found[1].starts_with("pages::tickets::lists imports pages::fines"));
    }
}
