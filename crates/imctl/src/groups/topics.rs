//! `groups topics list|create|destroy`: a community's topics, one call each (text from the
//! service escaped by `term`).

use im_groups::ItemOutcome;
use im_proto::community::create_topic;
use im_proto::community::get_topic::TopicInfo;
use serde::Serialize;

use super::args::{TopicCreateArgs, TopicDestroyArgs};
use super::manage::client;
use crate::global::Global;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_OK, error_line, json_line, note, push_line, refused, render,
    write_stdout,
};

/// `groups topics list COMMUNITY_ID`: one line per topic, its TopicId and name (`--json`: the
/// topic's object as the service gives it), read as the admin.
pub(super) async fn list(global: &Global, group_id: &str) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let admin = client.admin().clone();
    let topics = match client.topics(group_id, &admin).await {
        Ok(topics) => topics,
        Err(err) => return Ok(refused(&err)),
    };
    let mut text = String::new();
    for topic in &topics {
        if global.json {
            text.push_str(&json_line(topic));
        } else {
            push_line(&mut text, &topic_line(topic));
        }
    }
    Ok(match write_stdout(&text) {
        Ok(()) => EXIT_OK,
        Err(stop) => stop.exit_code(EXIT_OK),
    })
}

/// A topic's line: its ID, then its name (last: it may hold spaces).
fn topic_line(topic: &TopicInfo) -> String {
    let id = topic.topic_id.as_deref().unwrap_or_default();
    let name = topic.topic_name.as_deref().unwrap_or_default();
    format!("{id}  {name}")
}

/// The created topic, as `--json` prints it.
#[derive(Serialize)]
struct Created<'a> {
    #[serde(rename = "TopicId")]
    topic_id: &'a str,
}

/// `groups topics create COMMUNITY_ID --name NAME [--id TOPIC_ID]`: the TopicId alone.
pub(super) async fn create(global: &Global, args: &TopicCreateArgs) -> Result<u8, CliError> {
    let mut request = create_topic::Request::new(&args.group_id, &args.name);
    request.topic_id.clone_from(&args.topic_id);
    let (client, _connection) = client(global).await?;
    let topic_id = match client.create_topic(&request).await {
        Ok(id) => id,
        Err(err) => return Ok(refused(&err)),
    };
    let text = if global.json {
        json_line(&Created {
            topic_id: &topic_id,
        })
    } else {
        let mut text = String::new();
        push_line(&mut text, &topic_id);
        text
    };
    Ok(match write_stdout(&text) {
        Ok(()) => EXIT_OK,
        Err(stop) => stop.exit_code(EXIT_OK),
    })
}

/// `groups topics destroy COMMUNITY_ID TOPIC_ID...`: a note per topic destroyed, an error line
/// per topic that failed (exit 1 then).
pub(super) async fn destroy(global: &Global, args: &TopicDestroyArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let outcomes = match client.destroy_topic(&args.group_id, &args.topic_ids).await {
        Ok(outcomes) => outcomes,
        Err(err) => return Ok(refused(&err)),
    };
    let mut earned = EXIT_OK;
    for ItemOutcome { key, result, .. } in outcomes {
        match result {
            Ok(()) if !global.quiet => note(&format!("destroyed {key}")),
            Ok(()) => {}
            Err(failure) => {
                earned = EXIT_FAILED;
                error_line(&format!("{key}: {}", render(&failure)));
            }
        }
    }
    Ok(earned)
}
