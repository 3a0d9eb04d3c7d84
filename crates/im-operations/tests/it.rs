//! The operations against the in-process emulator: mute set and read back on its clock, input
//! refused before sending, the operations data and the history files.

use std::sync::Arc;
use std::time::Duration;

use im_client::Error;
use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
use im_operations::{ChatType, Client, HistoryHour, MuteDuration};
use im_proto::{Api, UserId};

fn client(emulator: &Emulator) -> Client {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap()
}

fn setup() -> (Emulator, Client, UserId) {
    let emulator = Emulator::builder().without_rate_limits().build();
    emulator.insert_account(Account::new("amy"));
    let client = client(&emulator);
    (emulator, client, UserId::new("amy").unwrap())
}

#[tokio::test]
async fn a_mute_is_set_and_read_back_as_what_is_left() {
    let (emulator, client, amy) = setup();
    let now = emulator.now();
    emulator.set_fixed_now(Some(now));
    let hour = MuteDuration::For(Duration::from_secs(3600));
    client
        .set_mute(&amy, Some(hour), Some(MuteDuration::Forever))
        .await
        .unwrap();
    emulator.set_fixed_now(Some(now + 600));
    let mute = client.getnospeaking(&amy).await.unwrap();
    assert_eq!(mute.c2c, MuteDuration::For(Duration::from_secs(3000)));
    assert_eq!(mute.group, MuteDuration::Forever);
    client
        .set_mute(&amy, None, Some(MuteDuration::Off))
        .await
        .unwrap();
    let mute = client.getnospeaking(&amy).await.unwrap();
    assert_eq!(mute.group, MuteDuration::Off);
    assert_eq!(mute.c2c, MuteDuration::For(Duration::from_secs(3000)));
}

#[tokio::test]
async fn a_mute_without_either_time_is_refused_before_sending() {
    let (emulator, client, amy) = setup();
    let err = client.setnospeaking(&amy, None, None).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("C2CmsgNospeakingTime"), "{err}");
    let long = MuteDuration::For(Duration::from_secs(u64::from(u32::MAX)));
    assert!(client.set_mute(&amy, Some(long), None).await.is_err());
    assert_eq!(emulator.stats().requests(Api::Setnospeaking), 0);
}

#[tokio::test]
async fn getappinfo_reads_the_emulator_s_counts() {
    let (_emulator, client, _amy) = setup();
    let days = client.getappinfo(&[]).await.unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].regist_user_num_total.as_deref(), Some("1"));
    let some = client.getappinfo(&["Date"]).await.unwrap();
    assert!(some[0].date.is_some());
    assert_eq!(some[0].regist_user_num_total, None);
}

#[tokio::test]
async fn get_history_lists_an_ended_hour_s_file_and_none_for_a_later_one() {
    let (emulator, client, _amy) = setup();
    let now = emulator.now();
    let ended = beijing_hour(now - 7200);
    let hour = HistoryHour::parse(&ended).unwrap();
    let files = client.get_history(ChatType::C2c, hour).await.unwrap();
    assert_eq!(files.len(), 1);
    let path = format!("/_emulator/history/C2C/{ended}.gz");
    assert!(files[0].url.ends_with(&path), "{}", files[0].url);
    let gzip = emulator.history_file(&format!("C2C/{ended}.gz")).unwrap();
    assert_eq!(files[0].gzip_size, Some(gzip.len() as i64));
    let later = HistoryHour::parse(&beijing_hour(now + 3600)).unwrap();
    assert!(
        client
            .get_history(ChatType::Group, later)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_chat_file_is_banned_and_unbanned() {
    let (emulator, client, _amy) = setup();
    let url = "https://cos.ap-shanghai.myqcloud.com/x/1400187352/a.png";
    client.forbid_illegal_object(url).await.unwrap();
    assert_eq!(emulator.banned_objects(), [url]);
    client.allow_banned_object(url).await.unwrap();
    assert!(emulator.banned_objects().is_empty());
    let err = client.forbid_illegal_object("a.png").await.unwrap_err();
    assert!(err.to_string().contains("not a file URL"), "{err}");
}

/// `unix` as a Beijing-time hour, `YYYYMMDDHH` (the civil-from-days algorithm).
fn beijing_hour(unix: u64) -> String {
    let secs = unix + 8 * 3600;
    let (days, hour) = ((secs / 86_400) as i64, secs % 86_400 / 3600);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}{hour:02}")
}

#[test]
fn beijing_hours_are_written_as_msg_time() {
    // 2015-12-01 21:00 in Beijing is 13:00 UTC.
    assert_eq!(beijing_hour(1_448_974_800), "2015120121");
}
