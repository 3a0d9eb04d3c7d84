//! `get_history`: the download addresses of one hour's message history files.

use std::fmt;

use im_client::Error;
use im_proto::msg_history::get_history::{HistoryFile, Request, msg_hour};

use crate::Client;

/// Which messages a history file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChatType {
    /// One-to-one messages (`C2C`).
    C2c,
    /// Group messages (`Group`).
    Group,
}

impl ChatType {
    /// Its wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatType::C2c => "C2C",
            ChatType::Group => "Group",
        }
    }
}

/// An hour of Beijing time, as `get_history`'s `MsgTime` names it (`YYYYMMDDHH`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryHour {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
}

impl HistoryHour {
    /// The hour `hour` (0-23) of the day `date` (`YYYYMMDD` or `YYYY-MM-DD`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the value for a date or hour that is not one.
    pub fn new(date: &str, hour: u32) -> Result<Self, Error> {
        let digits: String = date.chars().filter(|c| *c != '-').collect();
        Self::parse(&format!("{digits}{hour:02}")).map_err(|_| {
            Error::invalid(format!(
                "date {date:?} hour {hour}: a date is YYYYMMDD or YYYY-MM-DD and an hour 0 to 23"
            ))
        })
    }

    /// An hour written as `MsgTime` is, `YYYYMMDDHH`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the value when it is not ten digits naming an hour.
    pub fn parse(msg_time: &str) -> Result<Self, Error> {
        let (year, month, day, hour) = msg_hour(msg_time).ok_or_else(|| {
            Error::invalid(format!(
                "MsgTime {msg_time:?}: an hour is YYYYMMDDHH (Beijing time)"
            ))
        })?;
        Ok(HistoryHour {
            year,
            month,
            day,
            hour,
        })
    }
}

impl fmt::Display for HistoryHour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let HistoryHour {
            year,
            month,
            day,
            hour,
        } = self;
        write!(f, "{year:04}{month:02}{day:02}{hour:02}")
    }
}

impl Client {
    /// The download addresses of `hour`'s message history files of `chat_type`
    /// (`get_history`), at most 10 calls a second (the runtime's limiter); an empty list when
    /// the hour has none (not made yet, or older than 7 days).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn get_history(
        &self,
        chat_type: ChatType,
        hour: HistoryHour,
    ) -> Result<Vec<HistoryFile>, Error> {
        let request = Request::new(chat_type.as_str(), hour.to_string());
        Ok(self.call(&request).await?.file.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_is_written_as_msg_time() {
        let hour = HistoryHour::new("2015-12-01", 21).unwrap();
        assert_eq!(hour.to_string(), "2015120121");
        assert_eq!(HistoryHour::parse("2015120121").unwrap(), hour);
        let err = HistoryHour::new("2015-12-01", 24).unwrap_err();
        assert!(err.to_string().contains("hour 24"), "{err}");
        assert!(HistoryHour::parse("2015-12-01").is_err());
    }
}
