//! `imctl callbacks listen`: a receiver of the service's callbacks that verifies each one
//! (im-callback's tower service), prints the verified events as JSON lines, and answers each
//! as `--answer FILE` says (`answers.rs`).

mod answers;
mod args;

pub(crate) use args::CallbacksCommand;
use args::ListenArgs;

use std::io::{self, BufWriter, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use im_callback::service::{Callback, CallbackService, Rejected};
use im_callback::{ReplayCache, Reply, Verifier};
use im_emulator::{DEFAULT_SDKAPPID, ServeOptions, serve_http};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use self::answers::Answers;
use crate::config::callback_token;
use crate::global::Global;
use crate::signals::Signals;
use crate::term::{CliError, Context, EXIT_FAILED, EXIT_OK, WriteStop, note, write_stdout};

/// How long answers in flight get once a stop is asked for (the whole stop stays under a
/// second, whatever the clients and stdout do).
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// How long the printer gets to finish the line it is writing once the server has stopped;
/// a printer blocked on a full stdout is left behind.
const PRINTER_GRACE: Duration = Duration::from_millis(200);

/// Verified events waiting to be printed (a slow reader slows the answers, never drops one).
const QUEUE: usize = 4096;

/// Runs one `callbacks` command.
pub(crate) async fn run(global: &Global, command: &CallbacksCommand) -> Result<u8, CliError> {
    match command {
        CallbacksCommand::Listen(args) => listen(global, args).await,
    }
}

async fn listen(global: &Global, args: &ListenArgs) -> Result<u8, CliError> {
    let verifier = verifier(global, args)?;
    let answers = match &args.answer {
        Some(path) => Answers::read(path)?,
        None => Answers::default(),
    };
    let rejected = Arc::new(AtomicU64::new(0));
    let stopping = CancellationToken::new();
    let (events, queued) = mpsc::channel::<Printed>(QUEUE);
    let answers = Arc::new(answers);
    let service = callback_service(verifier, (answers, args.origin), events, stopping.clone())
        .on_rejected(observer(rejected.clone(), global.quiet));

    let mut signals = Signals::new()
        .map_err(|e| CliError::failed(Context::new("cannot listen for signals", e)))?;
    let listener = TcpListener::bind(args.listen).await.map_err(|e| {
        CliError::usage(Context::new(format!("cannot listen on {}", args.listen), e))
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| CliError::failed(Context::new("cannot read the listening address", e)))?;
    let (stop_serving, serving) = oneshot::channel::<()>();
    let handler = move |request, _peer| {
        let service = service.clone();
        async move { Ok::<_, std::convert::Infallible>(service.serve(request).await) }
    };
    let options = ServeOptions::new().shutdown_timeout(SHUTDOWN_GRACE);
    let server = tokio::spawn(serve_http(listener, options, handler, async {
        let _ = serving.await;
    }));
    let announce = if global.json {
        crate::term::json_line(&serde_json::json!({ "url": base_url(local) }))
    } else {
        format!("{}\n", base_url(local))
    };
    if let Err(stop) = write_stdout(&announce) {
        return Ok(stop.exit_code(EXIT_OK));
    }
    if !global.quiet {
        note(&format!(
            "receiving callbacks at {}; stop with Ctrl-C or SIGTERM",
            base_url(local)
        ));
    }
    let printed = Arc::new(AtomicU64::new(0));
    let mut printer = Printer::start(queued, args.count, printed.clone(), stopping.clone())?;
    let code = tokio::select! {
        code = printer.stopped() => code,
        code = signals.next() => code,
    };
    // Events not printed yet are answered as failures (the service may retry them), at once;
    // then the connections finish their answers.
    stopping.cancel();
    let _ = stop_serving.send(());
    let _ = server.await;
    printer.finish().await;
    if !global.quiet {
        let printed = printed.load(Ordering::Relaxed);
        let rejected = rejected.load(Ordering::Relaxed);
        note(&format!(
            "stopped: {printed} events printed, {rejected} requests rejected"
        ));
    }
    Ok(code)
}

/// The service: each verified event is queued for the printer and, once it is on stdout,
/// answered as `answers` say (OK by default, after their wait); as a failure once the receiver
/// is stopping.
fn callback_service(
    verifier: Verifier,
    (answers, origin): (Arc<Answers>, bool),
    events: mpsc::Sender<Printed>,
    stopping: CancellationToken,
) -> CallbackService {
    CallbackService::new(verifier, move |callback: Callback| {
        let events = events.clone();
        let stopping = stopping.clone();
        let answers = answers.clone();
        async move {
            let line = line(&callback, origin);
            let (done, on_stdout) = oneshot::channel();
            let delivered =
                async { events.send((line, done)).await.is_ok() && on_stdout.await.is_ok() };
            let delivered = tokio::select! {
                // An event on stdout is answered OK, even if the stop came meanwhile.
                biased;
                delivered = delivered => delivered,
                () = stopping.cancelled() => false,
            };
            let wait = answers.sleep(&callback.event);
            let waited = wait.is_zero()
                || tokio::select! {
                    () = tokio::time::sleep(wait) => true,
                    () = stopping.cancelled() => false,
                };
            if delivered && waited {
                answers.reply(&callback.event)
            } else {
                Reply::fail("the receiver is stopping")
            }
        }
    })
}

/// The printed line of `callback`: its body, with the URL's `ClientIP` and `OptPlatform` when
/// `origin` (`--origin`).
fn line(callback: &Callback, origin: bool) -> Vec<u8> {
    let mut body = callback.event.to_body();
    if origin {
        let query = &callback.query;
        for (name, value) in [
            ("ClientIP", &query.client_ip),
            ("OptPlatform", &query.opt_platform),
        ] {
            if let Some(value) = value {
                body.insert(name.to_owned(), value.as_str().into());
            }
        }
    }
    // Escaped for a terminal: the event's strings come from the sender.
    crate::term::json_line(&body).into_bytes()
}

/// The verifier from `--sdkappid`, the token, `--window-secs` and `--reject-replays`.
fn verifier(global: &Global, args: &ListenArgs) -> Result<Verifier, CliError> {
    let sdkappid = match global.sdkappid {
        Some(0) => return Err(CliError::usage("--sdkappid 0 is not a valid SDKAppID")),
        Some(sdkappid) => sdkappid,
        None => {
            if !global.quiet {
                note(&format!(
                    "no --sdkappid or IM_SDKAPPID: accepting callbacks for {DEFAULT_SDKAPPID}, the emulator's default"
                ));
            }
            DEFAULT_SDKAPPID
        }
    };
    let verifier = match callback_token(args.token_file.as_deref())? {
        Some(token) if args.reject_replays => {
            Verifier::new(sdkappid, token).replay_cache(ReplayCache::new())
        }
        Some(token) => Verifier::new(sdkappid, token),
        None if args.reject_replays => {
            return Err(CliError::usage(
                "--reject-replays needs the callback token (--token-file or IM_CALLBACK_TOKEN): unsigned callbacks have no Sign to tell a repeat by",
            ));
        }
        None => {
            if !global.quiet {
                note(
                    "warning: no --token-file or IM_CALLBACK_TOKEN: callbacks are not authenticated, and anyone can forge them",
                );
            }
            Verifier::without_sign(sdkappid)
        }
    };
    Ok(verifier.window_secs(args.window))
}

/// Counts each refused request and, unless quiet, says why on stderr.
fn observer(rejected: Arc<AtomicU64>, quiet: bool) -> impl Fn(&Rejected) + Send + Sync + 'static {
    move |why: &Rejected| {
        let n = rejected.fetch_add(1, Ordering::Relaxed) + 1;
        if !quiet {
            note(&format!("rejected a request ({n} so far): {why}"));
        }
    }
}

/// An event's JSON line, and who to tell once it is on stdout.
type Printed = (Vec<u8>, oneshot::Sender<()>);

/// The thread writing events to stdout. A write to a full pipe blocks that thread only: the
/// runtime keeps answering, and a signal still stops the command.
struct Printer {
    /// The exit code, once the printer has stopped by itself (`--count` reached, or stdout
    /// closed or failing).
    done: oneshot::Receiver<u8>,
    finished: bool,
}

impl Printer {
    fn start(
        events: mpsc::Receiver<Printed>,
        count: Option<u64>,
        printed: Arc<AtomicU64>,
        stopping: CancellationToken,
    ) -> Result<Printer, CliError> {
        let (tell, done) = oneshot::channel();
        std::thread::Builder::new()
            .name("stdout".to_owned())
            .spawn(move || {
                let code = print_events(events, count, &printed, &stopping);
                let _ = tell.send(code);
            })
            .map_err(|e| CliError::failed(Context::new("cannot start the printing thread", e)))?;
        Ok(Printer {
            done,
            finished: false,
        })
    }

    /// Resolves with the exit code once the printer stops by itself.
    async fn stopped(&mut self) -> u8 {
        let code = (&mut self.done).await.unwrap_or(EXIT_FAILED);
        self.finished = true;
        code
    }

    /// Waits a moment for the printer to finish the line in progress (it takes no more
    /// events once the receiver is stopping); a printer blocked on stdout is left behind.
    async fn finish(&mut self) {
        if !self.finished {
            let _ = tokio::time::timeout(PRINTER_GRACE, &mut self.done).await;
            self.finished = true;
        }
    }
}

/// Prints events as they come, flushing whenever none is waiting, counting them in
/// `printed`; stops after `count`, or when `stopping` is cancelled. Each event's sender hears
/// once its line is flushed. Returns the exit code. Blocks: runs on a thread of its own.
fn print_events(
    mut events: mpsc::Receiver<Printed>,
    count: Option<u64>,
    printed: &AtomicU64,
    stopping: &CancellationToken,
) -> u8 {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut flushed = Vec::new();
    let reached = |printed: &AtomicU64| count.is_some_and(|n| printed.load(Ordering::Relaxed) >= n);
    while let Some(event) = events.blocking_recv() {
        let mut next = Some(event);
        while let Some((line, done)) = next.take() {
            if stopping.is_cancelled() {
                break;
            }
            if let Err(err) = out.write_all(&line) {
                return WriteStop::from(err).exit_code(EXIT_OK);
            }
            flushed.push(done);
            printed.fetch_add(1, Ordering::Relaxed);
            if reached(printed) {
                break;
            }
            next = events.try_recv().ok();
        }
        if let Err(err) = out.flush() {
            return WriteStop::from(err).exit_code(EXIT_OK);
        }
        for done in flushed.drain(..) {
            let _ = done.send(());
        }
        if reached(printed) || stopping.is_cancelled() {
            break;
        }
    }
    EXIT_OK
}

/// `http://{addr}`, naming loopback for an unspecified address.
fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}
