//! `imctl callbacks listen --answer FILE`: the replies per command, from a TOML file, so that an
//! app's flows (a refused message, a dropped one, a rewritten one, a slow receiver) can be
//! tried with no server of its own.
//!
//! ```toml
//! # One table per command (its CallbackCommand, quoted); commands not listed are acknowledged.
//! ["C2C.CallbackBeforeSendMsg"]
//! answer = "deny"            # allow, refuse, deny, drop, rewrite
//! code = 120001              # deny: the app's own code, in the command's documented range
//! info = "links are not allowed"
//!
//! ["Group.CallbackBeforeSendMsg"]
//! answer = "rewrite"
//! body = "hello.json"        # a MsgBody (JSON), relative to this file
//! cloud_custom_data = "rewritten"
//!
//! ["Sns.CallbackPrevFriendAdd"]
//! answer = "deny"
//! code = 38001               # the accounts named refused, the others allowed
//! accounts = ["bob"]
//!
//! ["State.StateChange"]
//! answer = "allow"
//! sleep_ms = 3000            # wait this long before answering
//! ```
//!
//! Every answer is checked against the command's page when the file is read
//! (`im_callback::check_answer`): a refusal code outside the command's range, or a drop or
//! rewrite of a command that takes none, is refused there, naming the file and the command.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use im_callback::before::Answer;
use im_callback::{COMMANDS, Event, Reply, check_answer};
use im_proto::message::MsgBody;
use serde::Deserialize;

use crate::term::{BoxError, CliError, Context};

/// One command's table in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    answer: String,
    code: Option<i64>,
    info: Option<String>,
    body: Option<PathBuf>,
    cloud_custom_data: Option<String>,
    accounts: Option<Vec<String>>,
    sleep_ms: Option<u64>,
}

/// The answer to one command, and how long to wait before giving it.
#[derive(Debug)]
struct Planned {
    answer: Answer,
    sleep: Duration,
}

/// The replies per command.
#[derive(Debug, Default)]
pub(crate) struct Answers {
    by_command: HashMap<String, Planned>,
}

impl Answers {
    /// Reads and checks `path`.
    pub(crate) fn read(path: &Path) -> Result<Answers, CliError> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(Context::new(format!("cannot read --answer {shown}"), e))
        })?;
        let rules: BTreeMap<String, Rule> = toml::from_str(&text)
            .map_err(|e| CliError::usage(Context::new(format!("--answer {shown}"), e)))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut by_command = HashMap::new();
        for (command, rule) in rules {
            let planned = plan(&command, rule, base)
                .and_then(|planned| check(&command, planned))
                .map_err(|why| {
                    let what = format!("--answer {shown}: [\"{command}\"]");
                    CliError::usage(Context::new(what, why))
                })?;
            by_command.insert(command, planned);
        }
        Ok(Answers { by_command })
    }

    /// How long to wait before answering `event`.
    pub(crate) fn sleep(&self, event: &Event) -> Duration {
        self.by_command
            .get(event.command())
            .map_or(Duration::ZERO, |planned| planned.sleep)
    }

    /// The reply to `event`: its command's answer, or an acknowledgement.
    pub(crate) fn reply(&self, event: &Event) -> Reply {
        match self.by_command.get(event.command()) {
            Some(planned) => event
                .answer(&planned.answer)
                .unwrap_or_else(|e| Reply::fail(e.to_string())),
            None => Reply::ok(),
        }
    }
}

/// The answer a table asks for.
fn plan(command: &str, rule: Rule, base: &Path) -> Result<Planned, BoxError> {
    if !COMMANDS.contains(&command) {
        return Err(format!(
            "{command:?} is not a documented callback command (CallbackCommand, e.g. C2C.CallbackBeforeSendMsg)"
        ).into());
    }
    let info = rule.info.unwrap_or_default();
    let only = |field: &str, present: bool, kind: &str| {
        if present && rule.answer != kind {
            Err(format!(
                "{field} goes with answer = \"{kind}\", not \"{}\"",
                rule.answer
            ))
        } else {
            Ok(())
        }
    };
    only("code", rule.code.is_some(), "deny")?;
    only("accounts", rule.accounts.is_some(), "deny")?;
    only("body", rule.body.is_some(), "rewrite")?;
    only(
        "cloud_custom_data",
        rule.cloud_custom_data.is_some(),
        "rewrite",
    )?;
    let answer = match rule.answer.as_str() {
        "allow" => Answer::Allow,
        "refuse" => Answer::Refuse { info },
        "deny" => {
            let code = rule.code.ok_or("answer = \"deny\" needs code = N")?;
            match rule.accounts {
                Some(accounts) => Answer::DenyAccounts {
                    accounts,
                    code,
                    info,
                },
                None => Answer::Deny { code, info },
            }
        }
        "drop" => Answer::Drop,
        "rewrite" => rewrite(rule.body.as_deref(), rule.cloud_custom_data, base)?,
        other => {
            return Err(format!(
                "answer = {other:?} is not one of allow, refuse, deny, drop, rewrite"
            )
            .into());
        }
    };
    let sleep = Duration::from_millis(rule.sleep_ms.unwrap_or(0));
    Ok(Planned { answer, sleep })
}

fn rewrite(body: Option<&Path>, cloud: Option<String>, base: &Path) -> Result<Answer, BoxError> {
    if body.is_none() && cloud.is_none() {
        return Err("answer = \"rewrite\" needs body = FILE or cloud_custom_data".into());
    }
    let msg_body = match body {
        Some(file) => {
            let path = base.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Context::new(format!("cannot read body {}", path.display()), e))?;
            let body: MsgBody = serde_json::from_str(&text).map_err(|e| {
                let what = format!(
                    "body {} is not a MsgBody (a list of elements)",
                    path.display()
                );
                Context::new(what, e)
            })?;
            Some(body)
        }
        None => None,
    };
    Ok(Answer::Rewrite {
        msg_body,
        cloud_custom_data: cloud,
    })
}

/// Refuses an answer the command's page does not allow.
fn check(command: &str, planned: Planned) -> Result<Planned, BoxError> {
    check_answer(command, &planned.answer)?;
    Ok(planned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Answers, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hello.json"),
            r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello"}}]"#,
        )
        .unwrap();
        let path = dir.path().join("answers.toml");
        std::fs::write(&path, text).unwrap();
        Answers::read(&path).map_err(|e| {
            assert_eq!(e.code(), crate::term::EXIT_USAGE);
            e.to_string()
        })
    }

    #[test]
    fn every_kind_of_answer_is_read() {
        let answers = read(
            r#"
["C2C.CallbackBeforeSendMsg"]
answer = "deny"
code = 120001
info = "no links"
sleep_ms = 5

["Group.CallbackBeforeSendMsg"]
answer = "rewrite"
body = "hello.json"

["OfficialAccount.CallbackBeforeSendMsg"]
answer = "drop"

["State.StateChange"]
answer = "refuse"

["Sns.CallbackPrevFriendAdd"]
answer = "deny"
code = 38001
accounts = ["bob"]
"#,
        )
        .unwrap();
        assert_eq!(answers.by_command.len(), 5);
        let friends = &answers.by_command["Sns.CallbackPrevFriendAdd"].answer;
        assert!(
            matches!(friends, Answer::DenyAccounts { accounts, code: 38_001, .. } if accounts == &["bob"])
        );
        let c2c = &answers.by_command["C2C.CallbackBeforeSendMsg"];
        assert_eq!(c2c.sleep, Duration::from_millis(5));
        assert!(matches!(c2c.answer, Answer::Deny { code: 120_001, .. }));
        let group = &answers.by_command["Group.CallbackBeforeSendMsg"];
        assert!(
            matches!(&group.answer, Answer::Rewrite { msg_body: Some(b), .. } if b.elements().len() == 1)
        );
    }

    #[test]
    fn bad_answers_are_refused_naming_what_is_wrong() {
        let cases = [
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"deny\"\ncode = 5\n",
                "refusal code 5 is outside the documented range [120001, 130000]",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"deny\"\n",
                "needs code",
            ),
            (
                "[\"Group.CallbackBeforeCreateGroup\"]\nanswer = \"drop\"\n",
                "cannot be answered with drop",
            ),
            (
                "[\"C2C.CallbackBeforeSend\"]\nanswer = \"allow\"\n",
                "not a documented callback command",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"maybe\"\n",
                "not one of allow",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"allow\"\ncode = 120001\n",
                "code goes with answer = \"deny\"",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"rewrite\"\nbody = \"missing.json\"\n",
                "cannot read body",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"rewrite\"\n",
                "needs body",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"allow\"\ncolour = 1\n",
                "colour",
            ),
            (
                "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"deny\"\ncode = 120001\naccounts = [\"a\"]\n",
                "cannot be answered with deny (some accounts)",
            ),
            (
                "[\"Sns.CallbackPrevFriendAdd\"]\nanswer = \"allow\"\naccounts = [\"a\"]\n",
                "accounts goes with answer = \"deny\"",
            ),
            ("[\"C2C.CallbackBeforeSendMsg\"\nanswer", "--answer"),
        ];
        for (text, want) in cases {
            let err = read(text).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
            assert!(err.contains("answers.toml"), "{err}");
        }
    }
}
