//! `imctl robots ...`: one call each, through the client (validation first, retries, the
//! same exit codes: 1 for a refused call, 3 for refused credentials).

mod args;

use args::RobotCreateArgs;
pub(crate) use args::RobotsCommand;

use im_client::Error;
use im_proto::UserId;
use im_proto::robot::create_robot;
use serde::Serialize;

use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::term::{CliError, EXIT_OK, json_line, push_line, refused, user_id, write_stdout};

/// What `--json` prints for create and delete.
#[derive(Serialize)]
struct Done<'a> {
    #[serde(rename = "UserID")]
    user_id: &'a str,
    ok: bool,
    status: &'a str,
}

/// What `robots list --json` prints.
#[derive(Serialize)]
struct Listed<'a> {
    robots: &'a [String],
}

/// Runs one `robots` command.
pub(crate) async fn run(global: &Global, command: &RobotsCommand) -> Result<u8, CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = &connection.client;
    let (user_id, status, result) = match command {
        RobotsCommand::Create(args) => {
            let robot = robot(user_id(&args.user_id)?, args);
            (
                args.user_id.as_str(),
                "created",
                client.create_robot(robot).await,
            )
        }
        RobotsCommand::Delete(args) => {
            let robot = user_id(&args.user_id)?;
            (
                args.user_id.as_str(),
                "deleted",
                client.delete_robot(&robot).await,
            )
        }
        RobotsCommand::List => return list(global, client.get_all_robots().await),
    };
    match result {
        Ok(()) => {
            let text = if global.json {
                json_line(&Done {
                    user_id,
                    ok: true,
                    status,
                })
            } else {
                let mut text = String::new();
                push_line(&mut text, &format!("{user_id}: {status}"));
                text
            };
            Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK))
        }
        Err(err) => Ok(refused(&err)),
    }
}

fn robot(id: UserId, args: &RobotCreateArgs) -> create_robot::Request {
    let mut robot = create_robot::Request::new(id);
    robot.nick = args.nick.clone();
    robot.face_url = args.face_url.clone();
    robot.self_signature = args.self_signature.clone();
    robot
}

fn list(global: &Global, result: Result<Vec<String>, Error>) -> Result<u8, CliError> {
    let robots = match result {
        Ok(robots) => robots,
        Err(err) => return Ok(refused(&err)),
    };
    let text = if global.json {
        json_line(&Listed { robots: &robots })
    } else {
        let mut text = String::new();
        for robot in &robots {
            push_line(&mut text, robot);
        }
        text
    };
    Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK))
}
