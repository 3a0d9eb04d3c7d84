//! clap's usage errors as one `imctl: error:` line, with a tip that fits (an option of another
//! command, a command at another level, a global option written without its dashes).

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::term::{EXIT_OK, EXIT_USAGE, error_line};

/// Prints `err` as one line (help and version as clap prints them); the exit code. `command`
/// builds imctl's whole definition, where the tips look for options and commands (only for
/// the errors that have tips).
pub(crate) fn report(err: clap::Error, command: fn() -> clap::Command) -> u8 {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            EXIT_OK
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            EXIT_USAGE
        }
        ErrorKind::UnknownArgument => {
            let mut message = flatten(&err.render().to_string());
            if let Some(ContextValue::String(flag)) = err.get(ContextKind::InvalidArg) {
                let suggested = match err.get(ContextKind::SuggestedArg) {
                    Some(ContextValue::String(s)) => Some(s.as_str()),
                    _ => None,
                };
                message = argument_tip(&command(), &message, flag, suggested);
            }
            error_line(&message);
            EXIT_USAGE
        }
        ErrorKind::InvalidSubcommand => {
            let mut message = flatten(&err.render().to_string());
            if let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidSubcommand)
                && let Some(tip) = subcommand_tip(&command(), word)
            {
                message = format!("{message}; {tip}");
            }
            error_line(&message);
            EXIT_USAGE
        }
        _ => {
            error_line(&flatten(&err.render().to_string()));
            EXIT_USAGE
        }
    }
}

/// Clap's message about an unknown `flag`, with a tip that fits: clap suggests any option
/// close enough, the (hidden) global ones too (`--checkpoint` → `--endpoint`); such a far
/// suggestion is dropped, and a flag of other commands is said to be theirs.
fn argument_tip(
    command: &clap::Command,
    message: &str,
    flag: &str,
    suggested: Option<&str>,
) -> String {
    let name = flag.split('=').next().unwrap_or(flag);
    let far = suggested.is_some_and(|s| edit_distance(s, name) > 2);
    let mut text = match message.find(" tip: ") {
        Some(at) if far => {
            let usage = message.rfind(" (usage:").unwrap_or(message.len());
            format!("{}{}", &message[..at], &message[usage.max(at)..])
        }
        _ => message.to_owned(),
    };
    if name == "--version" || name == "-V" {
        text.push_str("; --version is imctl's own option: imctl --version");
    } else if let Some(owners) = commands_with(command, name.trim_start_matches('-')) {
        text.push_str(&format!("; {name} is an option of {owners}"));
    }
    text
}

/// The commands that take the option `long`, as `imctl accounts import, imctl profile set`.
fn commands_with(command: &clap::Command, long: &str) -> Option<String> {
    let mut owners = Vec::new();
    let mut stack: Vec<(String, &clap::Command)> = vec![("imctl".to_owned(), command)];
    while let Some((path, parent)) = stack.pop() {
        for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
            let here = format!("{path} {}", sub.get_name());
            let takes = sub
                .get_arguments()
                .any(|a| !a.is_global_set() && a.get_long() == Some(long));
            if takes {
                owners.push(here.clone());
            }
            stack.push((here, sub));
        }
    }
    owners.sort();
    (!owners.is_empty()).then(|| owners.join(", "))
}

/// The Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// What `word`, taken for a subcommand, was probably meant as: a command at another level
/// (`imctl import` for `imctl accounts import`) or a global option written without its dashes
/// (`imctl json ...`). Clap's own tip only looks at the level where the word stood.
fn subcommand_tip(command: &clap::Command, word: &str) -> Option<String> {
    let mut paths = Vec::new();
    let mut stack: Vec<(String, &clap::Command)> = vec![("imctl".to_owned(), command)];
    while let Some((path, parent)) = stack.pop() {
        for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
            let here = format!("{path} {}", sub.get_name());
            if sub.get_name() == word && path != "imctl" {
                paths.push(here.clone());
            }
            stack.push((here, sub));
        }
    }
    if !paths.is_empty() {
        paths.sort();
        // The first (by name) asked, the others after it: `import` is an account, a friend
        // and a message command.
        let others = match &paths[1..] {
            [] => String::new(),
            rest => format!(" (or `{}`)", rest.join("` or `")),
        };
        return Some(format!("did you mean `{}`?{others}", paths[0]));
    }
    let flag = command
        .get_arguments()
        .filter(|a| a.is_global_set())
        .find(|a| a.get_long() == Some(word))?;
    Some(format!(
        "--{word} is an option: write it with its dashes (`imctl --{word} ...`)",
        word = flag.get_long().unwrap_or(word)
    ))
}

/// clap's multi-line error as one line: `{message} {details} (usage: ...; see --help)`.
fn flatten(rendered: &str) -> String {
    let mut message = Vec::new();
    let mut usage = None;
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(u) = line.strip_prefix("Usage:") {
            usage = Some(u.trim().to_owned());
        } else if line.starts_with("For more information") {
            continue;
        } else {
            message.push(
                line.strip_prefix("error:")
                    .unwrap_or(line)
                    .trim()
                    .to_owned(),
            );
        }
    }
    let mut text = message.join(" ");
    match usage {
        Some(usage) => text.push_str(&format!(" (usage: {usage}; see --help)")),
        None => text.push_str(" (see --help)"),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_line() {
        let text = "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: imctl accounts import [OPTIONS] [USER_ID]...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            flatten(text),
            "unexpected argument '--bogus' found tip: to pass '--bogus' as a value, use '-- --bogus' (usage: imctl accounts import [OPTIONS] [USER_ID]...; see --help)"
        );
    }
}
