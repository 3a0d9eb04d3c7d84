//! `imctl profile ...`: bulk profile reads and writes, as jobs like the account ones (same
//! input, output, exit codes, checkpoints and progress).

use im_accounts::bulk::BulkOp;
use im_proto::ProfileTag;

use crate::CliError;
use crate::accounts::Job;
use crate::cli::{Global, ProfileCommand};

/// Runs one `profile` command.
pub(crate) async fn run(global: &Global, command: &ProfileCommand) -> Result<u8, CliError> {
    match command {
        ProfileCommand::Get(args) => {
            let op = BulkOp::profile_get(fields(&args.fields)?);
            Job::new(op, &args.input, &args.tuning).run(global).await
        }
        ProfileCommand::Set(args) => {
            let job = Job::new(BulkOp::ProfileSet, &args.input, &args.tuning);
            job.checkpoint(args.checkpoint.as_deref(), args.retry_failed)
                .run(global)
                .await
        }
    }
}

/// The tags `--fields` names (every standard one when empty).
fn fields(names: &[String]) -> Result<Vec<ProfileTag>, CliError> {
    if names.is_empty() {
        return Ok(ProfileTag::STANDARD.to_vec());
    }
    names
        .iter()
        .map(|name| {
            let tag = ProfileTag::parse(name.trim());
            match tag.kind() {
                Some(_) => Ok(tag),
                None => Err(CliError::usage(format!(
                    "--fields: unknown profile field {name:?}; use {}, FaceUrl, or a Tag_Profile_Custom_ tag of 1 to 8 letters",
                    ProfileTag::STANDARD
                        .iter()
                        .map(ProfileTag::short_name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_by_short_or_full_names() {
        assert_eq!(fields(&[]).unwrap().len(), 12);
        let named = fields(&[
            "nick".into(),
            "FaceUrl".into(),
            "Tag_Profile_Custom_Team".into(),
        ])
        .unwrap();
        assert_eq!(named[0], ProfileTag::Nick);
        assert_eq!(named[1], ProfileTag::Image);
        assert!(named[2].is_custom());
        let err = fields(&["Mood".into()]).unwrap_err();
        assert_eq!(err.code, crate::EXIT_USAGE);
        assert!(err.message.contains("\"Mood\""), "{}", err.message);
    }
}
