//! `imctl profile ...`: bulk profile reads and writes, as jobs like the account ones (same
//! input, output, exit codes, checkpoints and progress).

mod args;

pub(crate) use args::ProfileCommand;
use args::ProfileFlags;

use im_accounts::bulk::BulkOp;
use im_proto::{AdminForbidType, AllowType, Gender, Profile, ProfileTag};

use crate::bulk::Job;
use crate::global::Global;
use crate::term::CliError;

/// Runs one `profile` command.
pub(crate) async fn run(global: &Global, command: &ProfileCommand) -> Result<u8, CliError> {
    match command {
        ProfileCommand::Get(args) => {
            let op = BulkOp::profile_get(fields(&args.fields)?);
            Job::new(op, &args.input, &args.tuning).run(global).await
        }
        ProfileCommand::Set(args) => {
            let job = &args.job;
            let fields = from_flags(&args.fields)?;
            // UserIDs alone (no file, no standard input) carry no fields.
            let ids_only = job.input.file.is_none()
                && !job.input.user_ids.is_empty()
                && !job.input.user_ids.iter().any(|id| id == "-");
            if fields.is_empty() && ids_only {
                return Err(CliError::usage(
                    "no fields to set: give them as flags (--nick, --gender, --level, --custom TAG=VALUE...) or in a --file of JSON Lines or CSV",
                ));
            }
            let run = Job::writing(BulkOp::ProfileSet, job).overlay(fields);
            run.run(global).await
        }
    }
}

/// The fields given as flags (empty when none).
fn from_flags(flags: &ProfileFlags) -> Result<Profile, CliError> {
    let mut profile = Profile::new();
    profile.nick.clone_from(&flags.nick);
    profile.gender = flags.gender.as_deref().map(|g| match g {
        "female" => Gender::Female,
        "male" => Gender::Male,
        _ => Gender::Unknown,
    });
    profile.birthday = flags.birthday;
    profile.location.clone_from(&flags.location);
    profile.self_signature.clone_from(&flags.signature);
    profile.allow_type = flags.allow_type.as_deref().map(|a| match a {
        "allow-any" => AllowType::AllowAny,
        "deny-any" => AllowType::DenyAny,
        _ => AllowType::NeedConfirm,
    });
    profile.language = flags.language;
    profile.image.clone_from(&flags.face_url);
    profile.msg_settings = flags.msg_settings;
    profile.admin_forbid_type = flags.admin_forbid_type.as_deref().map(|a| match a {
        "send-out" => AdminForbidType::SendOut,
        _ => AdminForbidType::None,
    });
    profile.level = flags.level;
    profile.role = flags.role;
    for pair in &flags.custom {
        let (tag, value) = custom(pair)?;
        profile.set(&tag, value);
    }
    Ok(profile)
}

/// `--custom Tag_Profile_Custom_Team=blue` (or `Team=blue`).
fn custom(pair: &str) -> Result<(ProfileTag, String), CliError> {
    let Some((name, value)) = pair.split_once('=') else {
        return Err(CliError::usage(format!(
            "--custom {pair:?}: write TAG=VALUE, e.g. Tag_Profile_Custom_Team=blue"
        )));
    };
    let name = name.trim();
    let full = if name.starts_with("Tag_Profile_") {
        name.to_owned()
    } else {
        format!("Tag_Profile_Custom_{name}")
    };
    let tag = ProfileTag::parse(&full);
    if !tag.is_custom() {
        return Err(CliError::usage(format!(
            "--custom {pair:?}: {full:?} is not a custom field (Tag_Profile_Custom_ and 1 to 8 letters); standard fields have their own flags"
        )));
    }
    Ok((tag, value.to_owned()))
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
        assert_eq!(err.code(), crate::term::EXIT_USAGE);
        assert!(err.to_string().contains("\"Mood\""), "{err}");
    }
}
