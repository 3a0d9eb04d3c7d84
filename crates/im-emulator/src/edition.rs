//! The edition of the app the emulator models, as a flag: what the message pages make depend
//! on it (the daily send limit of the trial and developer editions, message extensions).

use core::fmt;
use core::str::FromStr;

/// The app's edition.
///
/// Parsed from and displayed as `trial`, `developer`, `pro`, `pro-plus`, `ultimate`,
/// `enterprise`. The default is [`Edition::Enterprise`], the top paid edition.
///
/// ```
/// use im_emulator::Edition;
///
/// let edition: Edition = "trial".parse().unwrap();
/// assert_eq!(edition.daily_send_limit(), Some(1_000));
/// assert_eq!(Edition::default(), Edition::Enterprise);
/// assert!(Edition::Enterprise.has_message_extensions());
/// assert!("gold".parse::<Edition>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Edition {
    /// The free trial edition (体验版).
    Trial,
    /// The developer edition (开发版).
    Developer,
    /// Pro (专业版).
    Pro,
    /// Pro Plus (专业版 Plus).
    ProPlus,
    /// Ultimate (旗舰版).
    Ultimate,
    /// Enterprise (企业版), the top paid edition.
    #[default]
    Enterprise,
}

impl Edition {
    /// Every edition, in display order.
    pub const ALL: [Edition; 6] = [
        Edition::Trial,
        Edition::Developer,
        Edition::Pro,
        Edition::ProPlus,
        Edition::Ultimate,
        Edition::Enterprise,
    ];

    /// The name used in configuration.
    pub const fn as_str(self) -> &'static str {
        match self {
            Edition::Trial => "trial",
            Edition::Developer => "developer",
            Edition::Pro => "pro",
            Edition::ProPlus => "pro-plus",
            Edition::Ultimate => "ultimate",
            Edition::Enterprise => "enterprise",
        }
    }

    /// The most one-to-one messages the app may send a day (sendmsg and batchsendmsg
    /// together, a batch counting each recipient): 1,000 for the trial and developer editions
    /// (the sendmsg page, ZH 269/2282, 2026-02-04), no limit for the others.
    pub const fn daily_send_limit(self) -> Option<u64> {
        match self {
            Edition::Trial | Edition::Developer => Some(1_000),
            _ => None,
        }
    }

    /// Whether message extensions (get_key_values, set_key_values) are available: Ultimate and
    /// Enterprise (ZH 269/82029 and 82030, 2025-11-03; other editions answer 10008).
    pub const fn has_message_extensions(self) -> bool {
        matches!(self, Edition::Ultimate | Edition::Enterprise)
    }

    /// Whether the live group member list is available (get_members beyond the last 30
    /// joiners, marks, live group admins, robots, check_members): Ultimate and Enterprise (ZH
    /// 269/77266, 79267, 102857, 2025-11; the INTL pages say Pro and up).
    pub const fn has_live_member_list(self) -> bool {
        matches!(self, Edition::Ultimate | Edition::Enterprise)
    }

    /// Whether group read receipts (get_group_msg_receipt, get_group_msg_receipt_detail,
    /// group_msg_receipt) are available: Ultimate and Enterprise (ZH 269/77694, 77693, 107478,
    /// 2025-12-05; the INTL pages say Pro and up; other editions answer 10007).
    pub const fn has_group_read_receipts(self) -> bool {
        matches!(self, Edition::Ultimate | Edition::Enterprise)
    }

    /// Whether the broadcast to every live group (send_broadcast_msg) is available: Ultimate
    /// and Enterprise (ZH 269/77402, 2025-12-05; other editions answer 10007).
    pub const fn has_live_broadcast(self) -> bool {
        matches!(self, Edition::Ultimate | Edition::Enterprise)
    }

    /// Whether group counters (get, update and delete_group_counter) are available: Ultimate
    /// and Enterprise (ZH 269/85952-85954, 2025-11-03; the INTL pages say Pro and up; other
    /// editions answer 10059).
    pub const fn has_group_counters(self) -> bool {
        matches!(self, Edition::Ultimate | Edition::Enterprise)
    }

    /// The edition as the group member caps name it (`GroupType::max_members`): the trial and
    /// developer editions have the trial's caps, Pro Plus the Pro's (the usage limits page gives
    /// Pro Plus no figure of its own).
    pub(crate) const fn groups(self) -> im_proto::group_types::Edition {
        use im_proto::group_types::Edition as G;
        match self {
            Edition::Trial | Edition::Developer => G::Trial,
            Edition::Pro | Edition::ProPlus => G::Pro,
            Edition::Ultimate => G::Ultimate,
            Edition::Enterprise => G::Enterprise,
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Edition {
    type Err = ParseEditionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Edition::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| ParseEditionError(s.to_owned()))
    }
}

/// A string that names no [`Edition`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown edition {0:?}: expected one of trial, developer, pro, pro-plus, ultimate, enterprise"
)]
pub struct ParseEditionError(String);
