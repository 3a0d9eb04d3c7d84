//! `getnospeaking`: reads an account's global mute.

use im_client::Error;
use im_proto::UserId;
use im_proto::openconfig::getnospeaking::{Request, Response};

use super::{GlobalMute, MuteDuration};
use crate::Client;

impl Client {
    /// `account`'s global mute (`getnospeaking`): what is left of each kind (an absent field
    /// read as not muted).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn getnospeaking(&self, account: &UserId) -> Result<GlobalMute, Error> {
        let response = self.getnospeaking_raw(account).await?;
        Ok(GlobalMute {
            c2c: MuteDuration::from_seconds(response.c2c_time.unwrap_or(0)),
            group: MuteDuration::from_seconds(response.group_time.unwrap_or(0)),
        })
    }

    /// `getnospeaking`'s answer as it came (its fields as the page names them).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn getnospeaking_raw(&self, account: &UserId) -> Result<Response, Error> {
        self.call(&Request::new(account.clone())).await
    }
}
