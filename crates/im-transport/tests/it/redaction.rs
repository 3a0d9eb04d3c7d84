//! No `usersig` value in any `Debug` or `Display` output of requests or errors.

use im_transport::test_util::{ChannelTransport, RecordingTransport, ScriptedTransport, response};
use im_transport::{
    Bytes, ErrorKind, RedactedRequest, RedactedUri, Transport, TransportError, describe_request,
    redact_uri,
};

const SIG: &str = "eJw1jV0LgjAYhf-SECRET-VALUE_1234";

/// URLs the way the client and users might write them.
fn urls() -> Vec<String> {
    [
        "https://console.tim.qq.com/v4/im_open_login_svc/account_import?sdkappid=1&identifier=admin&usersig={}&random=9&contenttype=json",
        "https://console.tim.qq.com/v4/a/b?usersig={}",
        "https://adminapisgp.im.qcloud.com/v4/a/b?UserSig={}&sdkappid=1",
        "https://h/v4/a/b?x=1&%75sersig={}",
        "https://h/v4/a/b?usersig={}&usersig={}",
        "https://h/v4/a/b?a=1;usersig={}",
        "http://127.0.0.1:9/v4/a/b?USERSIG={}",
    ]
    .iter()
    .map(|template| template.replace("{}", SIG))
    .collect()
}

#[track_caller]
fn assert_clean(output: &str) {
    assert!(!output.contains(SIG), "signature leaked: {output}");
    assert!(
        !output.contains("SECRET"),
        "part of the signature leaked: {output}"
    );
}

#[test]
fn uris_and_requests() {
    for url in urls() {
        let uri: http::Uri = url.parse().unwrap();
        assert_clean(&redact_uri(&uri));
        assert_clean(&format!("{} {:?}", RedactedUri(&uri), RedactedUri(&uri)));
        let request = http::Request::post(uri)
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        assert_clean(&describe_request(&request));
        assert_clean(&format!(
            "{} {:?}",
            RedactedRequest(&request),
            RedactedRequest(&request)
        ));
    }
}

#[test]
fn errors_of_every_kind() {
    let kinds = [
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::ConnectionClosed,
        ErrorKind::Tls,
        ErrorKind::BodyTooLarge { limit: 1 },
        ErrorKind::InvalidRequest,
        ErrorKind::PlainHttpRefused,
        ErrorKind::Other,
    ];
    for url in urls() {
        let uri: http::Uri = url.parse().unwrap();
        for kind in kinds {
            let err = TransportError::new(kind, "something happened")
                .with_uri(&uri)
                .with_source(std::io::Error::other("cause"));
            assert_clean(&format!("{err} {err:?} {err:#?}"));
            assert_clean(err.uri().unwrap());
        }
    }
}

#[tokio::test]
async fn test_doubles() {
    let url = urls()[0].clone();
    let request = || {
        http::Request::post(url.as_str())
            .body(Bytes::new())
            .unwrap()
    };

    let script = ScriptedTransport::new([Ok(response(200, ""))]);
    let recorder = RecordingTransport::new(script.clone());
    recorder.send(request()).await.unwrap();
    let err = recorder.send(request()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Other);
    assert_clean(&format!("{err} {err:?}"));
    assert_clean(&format!("{recorder:?} {script:?}"));
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| script.assert_all_used()))
        .unwrap_err();
    let message = panic
        .downcast_ref::<String>()
        .expect("panic message is a String");
    assert!(
        message.contains("1 requests after the script ran out"),
        "{message}"
    );
    assert_clean(message);

    let (channel, mut receiver) = ChannelTransport::new();
    let first = request();
    let sending = tokio::spawn(async move { channel.send(first).await });
    let pending = receiver.recv().await.unwrap();
    assert_clean(&format!("{pending:?}"));
    drop(pending);
    let err = sending.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectionClosed);
    assert_clean(&format!("{err} {err:?}"));
}
