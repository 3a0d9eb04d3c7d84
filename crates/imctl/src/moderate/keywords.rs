//! `imctl moderate keywords list|add|remove`: the cloud keyword libraries.

use im_moderation::{Keyword, Label};

use super::args::{KeywordsAddArgs, KeywordsListArgs, KeywordsRemoveArgs, LabelArg};
use super::session::client;
use crate::global::Global;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_OK, json_line, note, print, push_line, refused, render,
};

/// `keywords list`: the libraries, or one library's words.
pub(super) async fn list(global: &Global, args: &KeywordsListArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let mut text = String::new();
    match &args.library {
        None => {
            let libraries = match client.libraries().await {
                Ok(libraries) => libraries,
                Err(err) => return Ok(refused(&err)),
            };
            for library in &libraries {
                if global.json {
                    text.push_str(&json_line(library));
                } else {
                    let field = |v: &Option<String>| v.clone().unwrap_or_default();
                    let line = format!(
                        "{} {} {}",
                        field(&library.id),
                        field(&library.suggestion),
                        field(&library.lib_name)
                    );
                    push_line(&mut text, &line);
                }
            }
        }
        Some(library) => {
            let words = match client.keywords(library, args.filter.as_deref()).await {
                Ok(words) => words,
                Err(err) => return Ok(refused(&err)),
            };
            for word in &words {
                if global.json {
                    text.push_str(&json_line(word));
                } else {
                    let field = |v: &Option<String>| v.clone().unwrap_or_default();
                    push_line(
                        &mut text,
                        &format!("{} {}", field(&word.id), field(&word.content)),
                    );
                }
            }
        }
    }
    Ok(print(&text))
}

/// `keywords add`: one add_cloud_audit_keywords call.
pub(super) async fn add(global: &Global, args: &KeywordsAddArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let words: Vec<Keyword> = args
        .words
        .iter()
        .map(|word| {
            let keyword = Keyword::new(word.as_str());
            match args.label {
                Some(label) => keyword.with_label(label_of(label)),
                None => keyword,
            }
        })
        .collect();
    let count = words.len();
    if let Err(err) = client.add_keywords(&args.library, words).await {
        return Ok(refused(&err));
    }
    if !global.quiet {
        note(&format!("added {count} words to {}", args.library));
    }
    Ok(EXIT_OK)
}

/// `keywords remove`: delete_cloud_audit_keywords calls of 10, one line per word.
pub(super) async fn remove(global: &Global, args: &KeywordsRemoveArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let outcomes = match client.delete_keywords(&args.library, &args.words).await {
        Ok(outcomes) => outcomes,
        Err(err) => return Ok(refused(&err)),
    };
    let mut text = String::new();
    let mut earned = EXIT_OK;
    for (word, outcome) in args.words.iter().zip(&outcomes) {
        let (json, line) = match outcome {
            Ok(d) if d.deleted => (
                serde_json::json!({"keyword": word, "ok": true, "keyword_id": d.keyword_id}),
                format!("deleted {} {word}", d.keyword_id),
            ),
            Ok(d) => (
                serde_json::json!({"keyword": word, "ok": false, "error": d.error_info}),
                format!("not-deleted {word}: {}", d.error_info),
            ),
            Err(failure) => (
                serde_json::json!({"keyword": word, "ok": false, "error": render(failure)}),
                format!("not-deleted {word}: {}", render(failure)),
            ),
        };
        if !matches!(outcome, Ok(d) if d.deleted) {
            earned = EXIT_FAILED;
        }
        if global.json {
            text.push_str(&json_line(&json));
        } else {
            push_line(&mut text, &line);
        }
    }
    let shown = print(&text);
    Ok(if shown == EXIT_OK { earned } else { shown })
}

/// The label of `--label`.
fn label_of(label: LabelArg) -> Label {
    match label {
        LabelArg::Normal => Label::Normal,
        LabelArg::Polity => Label::Polity,
        LabelArg::Porn => Label::Porn,
        LabelArg::Illegal => Label::Illegal,
        LabelArg::Abuse => Label::Abuse,
        LabelArg::Terror => Label::Terror,
        LabelArg::Ad => Label::Ad,
        LabelArg::Sexy => Label::Sexy,
        LabelArg::Composite => Label::Composite,
    }
}
