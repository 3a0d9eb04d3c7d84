//! `cargo xtask tidy`: the structural rules of the workspace, checked on its source tree (as
//! rustc's and rust-analyzer's tidy). Each rule is a function returning its findings, one line
//! each, naming the file and what to do; `cargo xtask tidy` runs them (all, or those named) and
//! prints the findings, and each rule's module has a test that runs it, so `cargo test` (and
//! `.ci/run`) checks them too, beside a test showing that it catches a seeded violation.
//! docs/CONTRIBUTING.md ("Tidy rules") lists them; a test keeps that list whole.

mod apis;
mod deps;
mod docs;
mod enums;
mod errors;
mod functions;
mod modules;
mod per_api;
mod release;
mod sources;

/// One rule: its name (`cargo xtask tidy NAME`), what it keeps, and its check.
struct Rule {
    name: &'static str,
    keeps: &'static str,
    check: fn() -> Vec<String>,
}

/// Every rule, in the order `cargo xtask tidy` runs them.
const RULES: &[Rule] = &[
    Rule {
        name: "pure-crates",
        keeps: "im-proto, im-sig and im-callback pull in no async runtime or HTTP crate",
        check: deps::pure_crates,
    },
    Rule {
        name: "runtime-knows-no-domain",
        keeps: "im-client depends on no crate above it and names no API",
        check: deps::runtime_knows_no_domain,
    },
    Rule {
        name: "non-exhaustive-enums",
        keeps: "every public enum is #[non_exhaustive] or says `// Exhaustive: <reason>`",
        check: enums::check,
    },
    Rule {
        name: "declared-apis",
        keeps: "every declared API has its module, fixtures, reference section and recorded page",
        check: apis::complete,
    },
    Rule {
        name: "table-test",
        keeps: "every declared API has its row in im-proto's lib.rs table test",
        check: apis::in_the_table_test,
    },
    Rule {
        name: "services",
        keeps: "every declared service has its cargo feature (in `full`) and its module in lib.rs",
        check: apis::services_wired,
    },
    Rule {
        name: "emulator-handlers",
        keeps: "every emulator handler file is registered in `handlers!`, naming its API",
        check: apis::handlers_registered,
    },
    Rule {
        name: "per-api-match",
        keeps: "no hand-written code singles out several APIs",
        check: apis::no_per_api_match,
    },
    Rule {
        name: "module-circles",
        keeps: "no import circle between the modules of a crate",
        check: modules::check,
    },
    Rule {
        name: "typed-errors",
        keeps: "no String-only error in a public API of the published crates",
        check: errors::check,
    },
    Rule {
        name: "function-length",
        keeps: "no function body over 100 lines (80 in im-client and the domain crates), generated code aside",
        check: functions::check,
    },
    Rule {
        name: "docs-inside",
        keeps: "docs and sources never point outside the repository",
        check: docs::inside_the_repository,
    },
    Rule {
        name: "docs-shape",
        keeps: "ARCHITECTURE.md and CONTRIBUTING.md name existing files and each crate's true layers",
        check: docs::shape,
    },
    Rule {
        name: "release",
        keeps: "the last release is a commit, and .ci/run compares every published library with it",
        check: release::check,
    },
];

/// `cargo xtask tidy [--list] [RULE]...`: runs the rules named (all without names) and prints
/// each finding; fails when there is one.
pub(crate) fn run(args: &[&str]) -> Result<(), String> {
    if args == ["--list"] {
        for rule in RULES {
            println!("{:<24} {}", rule.name, rule.keeps);
        }
        return Ok(());
    }
    let selected: Vec<&Rule> = if args.is_empty() {
        RULES.iter().collect()
    } else {
        args.iter()
            .map(|name| {
                RULES.iter().find(|rule| rule.name == *name).ok_or_else(|| {
                    format!("no tidy rule {name:?} (cargo xtask tidy --list names them)")
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut broken = Vec::new();
    for rule in selected {
        let findings = (rule.check)();
        if findings.is_empty() {
            println!("ok   {}", rule.name);
            continue;
        }
        println!("FAIL {}: {}", rule.name, rule.keeps);
        for finding in &findings {
            println!("     {finding}");
        }
        broken.push(rule.name);
    }
    if broken.is_empty() {
        Ok(())
    } else {
        Err(format!("tidy rules broken: {}", broken.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::project_root;

    /// docs/CONTRIBUTING.md lists every rule by name, and no other.
    #[test]
    fn contributing_lists_every_rule() {
        let text = std::fs::read_to_string(project_root().join("docs/CONTRIBUTING.md")).unwrap();
        let section = text
            .split("\n## Tidy rules\n")
            .nth(1)
            .expect("docs/CONTRIBUTING.md has a `## Tidy rules` section");
        let section = section.split("\n## ").next().unwrap_or_default();
        let listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("- `")?.split('`').next())
            .collect();
        let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
        assert_eq!(
            listed, names,
            "docs/CONTRIBUTING.md's `## Tidy rules` list (`- `name`: ...` lines, in RULES' order)"
        );
    }

    #[test]
    fn rules_are_picked_by_name() {
        let err = run(&["no-such-rule"]).unwrap_err();
        assert!(
            err.contains("no-such-rule") && err.contains("--list"),
            "{err}"
        );
        assert!(run(&["--list"]).is_ok());
    }
}
