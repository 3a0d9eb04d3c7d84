//! `cargo xtask new-api SERVICE/COMMAND`: the files a new API starts from. Each is a stub the
//! checks refuse until it is filled in from the API's page, so none can land unfinished: the
//! declaration's empty summary and page fail `cargo xtask codegen`, the fixtures are not JSON until
//! the page's examples replace them, and the emulator handler refuses every call with 60009 until
//! its semantics are written.

use std::path::{Path, PathBuf};

use crate::spec::{Spec, camel};
use crate::workspace::project_root;

pub(crate) const USAGE: &str = "usage: cargo xtask new-api SERVICE/COMMAND

Writes the stubs of a new API, to fill in from its documentation page:
  crates/im-proto/spec/<module>.toml     an [[api]] declaration (a new file with a [service]
                                         table when the service is new)
  crates/im-proto/tests/fixtures/<command>.{request,response}.json
                                         the page's examples go here
  crates/im-emulator/src/handlers/<command>.rs
                                         the emulator's semantics (register it in handlers.rs)
then run `cargo xtask codegen`, give the API its row in the reference table test of
crates/im-proto/src/lib.rs, and `cargo xtask tidy` names what is still missing. SERVICE is the
path segment after v4/ (group_open_http_svc) or an existing service's module (group). See
docs/CONTRIBUTING.md, \"Adding an API\".";

/// Runs the command.
pub(crate) fn run(args: &[&str]) -> Result<(), String> {
    let target = match args {
        ["-h" | "--help"] => {
            println!("{USAGE}");
            return Ok(());
        }
        [target] => *target,
        _ => return Err(USAGE.to_owned()),
    };
    let (service, command) = parse_target(target)?;
    let spec = Spec::load()?;
    if spec.apis().any(|(_, api)| api.command == command) {
        return Err(format!("{command} is already declared"));
    }
    let root = project_root();
    let written = write_stubs(&root, &spec, service, command)?;
    for path in written {
        eprintln!(
            "wrote {}",
            path.strip_prefix(&root).unwrap_or(&path).display()
        );
    }
    Ok(())
}

/// `service/command`, both lower-case words.
fn parse_target(target: &str) -> Result<(&str, &str), String> {
    let word = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    match target.split_once('/') {
        Some((service, command)) if word(service) && word(command) => Ok((service, command)),
        _ => Err(format!(
            "{target:?} is not SERVICE/COMMAND (lower-case words, e.g. group_open_http_svc/create_group)"
        )),
    }
}

fn write_stubs(
    root: &Path,
    spec: &Spec,
    service: &str,
    command: &str,
) -> Result<Vec<PathBuf>, String> {
    let known = spec
        .services
        .iter()
        .find(|s| s.service.path == service || s.service.module == service);
    let module = known.map_or_else(|| module_name(service), |s| s.service.module.clone());
    let spec_file = root.join(format!("crates/im-proto/spec/{module}.toml"));
    // The next numbers: the ids are dense, so the count of those declared.
    let mut text = match known {
        Some(_) => read(&spec_file)?,
        None => service_stub(service, &module, spec.services.len()),
    };
    text.push_str(&api_stub(command, spec.apis().count()));
    let fixtures = root.join("crates/im-proto/tests/fixtures");
    let handler = root.join(format!("crates/im-emulator/src/handlers/{command}.rs"));
    let files = [
        (spec_file, text),
        (
            fixtures.join(format!("{command}.request.json")),
            "paste the request example of the API's page here\n".to_owned(),
        ),
        (
            fixtures.join(format!("{command}.response.json")),
            "paste the response example of the API's page here\n".to_owned(),
        ),
        (handler, handler_stub(&module, command)),
    ];
    for (path, _) in files.iter().skip(1) {
        if path.exists() {
            return Err(format!("{} exists already", path.display()));
        }
    }
    for (path, contents) in &files {
        std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The module of a new service: its path segment without `_http_svc` / `_svc`.
fn module_name(service: &str) -> String {
    service
        .trim_end_matches("_http_svc")
        .trim_end_matches("_svc")
        .to_owned()
}

fn service_stub(service: &str, module: &str, id: usize) -> String {
    format!(
        "# Declarations of the `{service}` service's APIs: read by `cargo xtask codegen` (see \
         docs/declarations.md).\n# A new service: also add `{module} = []` to the features of \
         crates/im-proto/Cargo.toml (and to `full`),\n# and `#[cfg(feature = \"{module}\")] pub mod \
         {module};` to crates/im-proto/src/lib.rs.\n\n[service]\npath = \"{service}\"\nmodule = \
         \"{module}\"\n# The service's number, the next free one: it never changes.\nid = {id}\ntitle = \"\"\ndoc = \"\"\n# The code answered to a caller that is not an app \
         admin, and the codes refusing a body that is\n# not JSON or does not fit: declare them in \
         [[code]] tables below.\nnot_admin = \"\"\nbad_json = \"\"\ninvalid = \"\"\n"
    )
}

/// The `[[api]]` stub, numbered `id`: the keys to fill in from the page, every other one in a
/// comment showing its form (docs/declarations.md describes them all).
fn api_stub(command: &str, id: usize) -> String {
    let types = crate::spec::FIELD_TYPES.join(", ");
    let keys = format!(
        r#"
[[api]]
command = "{command}"
# The API's number (`Api`'s discriminant), the next free one: it never changes.
id = {id}
# What it does, in one line; the page it is declared from (https:// on cloud.tencent.com,
# www.tencentcloud.com, intl.cloud.tencent.com or trtc.io, under /document/): record it in
# docs/api-sources.md too.
summary = ""
doc_url = ""
# From the page: calls per second, and any per-minute (counts = "items" when counted per item) or
# per-day quota (utc_offset, "+08:00" unless the page says otherwise), e.g.
# [{{ limit = 200, per = "second" }}, {{ limit = 12000, per = "minute", counts = "items" }}].
quotas = []
# "always" (a read, or a write that repeats harmlessly), "never", or
# {{ same_request = ["Field", ...], within_secs = N }} when the service deduplicates a resend.
retry = "never"
# The request list a client splits into calls, and how the answer maps back to it
# (results: envelope, by_key, by_position or failures_only):
# items = {{ field = "List", max = N, results = "by_key", list = "ResultList", key = "Key" }}
# failure_items = "ErrorList"   # a list that still names the accounts when the envelope fails
# One row per field of the page, in its order; nested ones as `Parent[].Child` (array items) or
# `Parent.Child` (an object). type is one of: {types}.
request = [
  # {{ name = "Field", type = "String", required = true, doc = "what it holds", limits = "at most 32 bytes" }},
]
response = [
  # {{ name = "ResultList", type = "Array of Object", required = false, doc = "one per item" }},
  # {{ name = "ResultList[].Key", type = "String", required = true, doc = "the item" }},
]

"#
    );
    keys + &api_stub_tables(command)
}

/// The rest of the `[[api]]` stub: the request and response types, and the optional tables
/// (pagination, more types, enums, examples, codes), each in a comment showing its form.
fn api_stub_tables(command: &str) -> String {
    format!(
        r#"# A paged read: the cursors copied from each answer into the next request, or an offset.
# [api.pagination]
# cursors = [{{ request = "Next", response = "Next", kind = "integer", zero_ends = true }}]
# offset = {{ request = "Offset", list = "ResultList" }}
# limit = {{ field = "Limit", max = N }}

[[api.type]]
name = "Request"
doc = "The request packet."

[[api.type]]
name = "Response"
doc = "The response packet."

# A type for the objects of a list (its fields are the rows below `path`):
# [[api.type]]
# name = "ResultItem"
# side = "response"
# path = "ResultList[]"
# doc = "One item of `ResultList`."

# A string enum of the wire, named by a `rust = {{ Field = "Kind" }}` entry of a type:
# [[api.enum]]
# name = "Kind"
# doc = "What the field says."
# values = [{{ variant = "First", wire = "first", doc = "what it means" }}]

# The page's examples (written to the generated fixtures and into the reference):
# [[api.example]]
# request = '''
# {{ "Field": "value" }}
# '''
# response = '''
# {{ "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "" }}
# '''

# The codes its page lists: add "{command}" to the `apis` of each one declared already, and
# declare the others in the file of the service whose numbering they are in:
# [[code]]
# name = "SERVICE_SOMETHING_WRONG"
# code = 12345
# retry = "fatal"   # transient, throttled, resign, fatal or item
# apis = ["{command}"]
# meaning = "what the page says"
"#
    )
}

fn handler_stub(module: &str, command: &str) -> String {
    let variant = camel(command);
    format!(
        "//! `{command}`: the emulator's semantics of the API (see docs/emulator.md for the choices \
         its page leaves open).\n//!\n//! Register it in `handlers.rs` (`{variant} {module} \
         {command},`) once it does what the page says; until\n//! then the emulator refuses the \
         API with 60009.\n\nuse im_proto::ErrorCode;\nuse im_proto::{module}::{command}::Request;\n\n\
         use crate::exchange::{{Answer, Route}};\nuse crate::shared::Shared;\n\npub(super) fn \
         handle(_shared: &Shared, _request: Request, _route: Route) -> Answer {{\n    \
         Answer::fail(\n        ErrorCode::RESOURCE_NOT_FOUND,\n        \"{command} is not emulated \
         yet\",\n    )\n}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_modules() {
        assert_eq!(parse_target("sns/friend_add"), Ok(("sns", "friend_add")));
        assert!(parse_target("sns").unwrap_err().contains("SERVICE/COMMAND"));
        assert!(parse_target("Sns/x").is_err());
        assert_eq!(module_name("group_open_attr_http_svc"), "group_open_attr");
        assert_eq!(module_name("sns"), "sns");
    }

    /// The stubs land where the checks look, and the declaration stub is refused until filled.
    #[test]
    fn stubs_are_written_and_refused_until_filled_in() {
        let dir = std::env::temp_dir().join(format!("xtask-new-api-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in [
            "crates/im-proto/spec",
            "crates/im-proto/tests/fixtures",
            "crates/im-emulator/src/handlers",
        ] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        std::fs::copy(
            crate::spec::spec_dir().join("common.toml"),
            dir.join("crates/im-proto/spec/common.toml"),
        )
        .unwrap();
        let spec = Spec::load_from(&dir.join("crates/im-proto/spec")).unwrap();
        let written = write_stubs(&dir, &spec, "sns", "friend_add").unwrap();
        assert_eq!(written.len(), 4);
        assert!(written.iter().all(|p| p.is_file()));
        let err = Spec::load_from(&dir.join("crates/im-proto/spec")).unwrap_err();
        for needle in [
            "friend_add: no summary",
            "friend_add: no quota",
            "service sns",
        ] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        let stub = std::fs::read_to_string(&written[0]).unwrap();
        for needle in [
            "request = [\n  # { name = ",
            "response = [\n  # { name = ",
            "[api.pagination]",
            "[[api.enum]]",
            "[[api.example]]",
            "[[code]]",
        ] {
            assert!(stub.contains(needle), "{needle}: {stub}");
        }
        for ty in crate::spec::FIELD_TYPES {
            assert!(
                stub.contains(&format!(" {ty},")) || stub.contains(&format!(" {ty}.")),
                "{ty}: {stub}"
            );
        }
        let fixture = std::fs::read_to_string(&written[1]).unwrap();
        assert!(serde_json::from_str::<serde_json::Value>(&fixture).is_err());
        assert!(write_stubs(&dir, &spec, "sns", "friend_add").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
    /// The stubs take the next free numbers: a new API of a declared service the count of the
    /// APIs, a new service the count of the services; the declarations keep their rule of ids.
    #[test]
    fn stubs_take_the_next_numbers() {
        let dir = std::env::temp_dir().join(format!("xtask-new-api-ids-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in [
            "crates/im-proto/spec",
            "crates/im-proto/tests/fixtures",
            "crates/im-emulator/src/handlers",
        ] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let spec_dir = dir.join("crates/im-proto/spec");
        for entry in std::fs::read_dir(crate::spec::spec_dir())
            .unwrap()
            .flatten()
        {
            std::fs::copy(entry.path(), spec_dir.join(entry.file_name())).unwrap();
        }
        let spec = Spec::load_from(&spec_dir).unwrap();
        let (apis, services) = (spec.apis().count(), spec.services.len());
        let written = write_stubs(&dir, &spec, "sns", "friend_add").unwrap();
        let sns = std::fs::read_to_string(&written[0]).unwrap();
        assert!(sns.contains(&format!("command = \"friend_add\"\n# The API's number (`Api`'s discriminant), the next free one: it never changes.\nid = {apis}\n")), "{sns}");
        let err = Spec::load_from(&spec_dir).unwrap_err();
        assert!(
            err.contains("friend_add: no summary") && !err.contains(" id "),
            "{err}"
        );
        let written = write_stubs(&dir, &spec, "im_open_new_svc", "first_call").unwrap();
        let new = std::fs::read_to_string(&written[0]).unwrap();
        assert!(new.contains(&format!("module = \"im_open_new\"\n# The service's number, the next free one: it never changes.\nid = {services}\n")), "{new}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Filled in as its comments say (rows, enum, example and code uncommented), the stub is a
    /// declaration the checks accept, its rows in the spec files' inline form.
    #[test]
    fn the_stub_filled_in_is_accepted() {
        let dir = std::env::temp_dir().join(format!("xtask-new-api-filled-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            crate::spec::spec_dir().join("common.toml"),
            dir.join("common.toml"),
        )
        .unwrap();
        let stub = service_stub("sns", "sns", 0) + &api_stub("friend_add", 0);
        let filled = fill_in(&stub);
        std::fs::write(dir.join("sns.toml"), &filled).unwrap();
        let spec = Spec::load_from(&dir).unwrap_or_else(|e| panic!("{e}\n{filled}"));
        let (_, api) = spec.apis().next().unwrap();
        assert_eq!(api.request.len(), 1);
        assert_eq!(api.response.len(), 2);
        assert_eq!(api.enums.len(), 1);
        assert_eq!(api.example.len(), 1);
        assert_eq!(spec.services[0].code[0].apis, ["friend_add"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// `stub` with its blanks filled and its commented rows, enum, example and code uncommented.
    fn fill_in(stub: &str) -> String {
        let uncommented = [
            "  # {",
            "# [[api.enum]]",
            "# [[api.example]]",
            "# [[code]]",
            "# name =",
            "# doc =",
            "# values",
            "# request =",
            "# response =",
            "# { \"",
            "# '''",
            "# code =",
            "# retry =",
            "# apis =",
            "# meaning =",
        ];
        let mut filled = String::new();
        let mut in_item_type = false;
        for line in stub.lines() {
            // The commented list type stays commented (its `name` and `doc` too).
            if line.starts_with("# [[api.type]]") {
                in_item_type = true;
            } else if line.is_empty() {
                in_item_type = false;
            }
            let line = match line {
                "summary = \"\"" => "summary = \"add friends\"",
                "doc_url = \"\"" => {
                    "doc_url = \"https://cloud.tencent.com/document/product/269/1643\""
                }
                "quotas = []" => "quotas = [{ limit = 100, per = \"second\" }]",
                "title = \"\"" => "title = \"Friends\"",
                "doc = \"\"" => "doc = \"The relationship chain.\"",
                "not_admin = \"\"" => "not_admin = \"SERVICE_SOMETHING_WRONG\"",
                l if in_item_type => l,
                l => match uncommented.iter().find(|p| l.starts_with(*p)) {
                    Some(p) if p.starts_with("  ") => &l[4..],
                    Some(_) => &l[2..],
                    None => l,
                },
            };
            filled.push_str(line);
            filled.push('\n');
        }
        filled
    }
}
