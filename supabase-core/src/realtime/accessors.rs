//! The Realtime accessors of the main [`Client`]: `client.channel(name)` and friends.

use super::broadcast::PushStatus;
use super::channel::RealtimeChannel;
use super::client::RealtimeClient;
use super::config::{ChannelConfig, RealtimeOptions};
use crate::Client;

/// Realtime accessors on the main client.
impl Client {
    /// This client's Realtime socket, created on first use (default [`RealtimeOptions`]
    /// unless [`Client::configure_realtime`] ran first) and shared by clones.
    ///
    /// Its token comes from the client's [`TokenSource`](crate::TokenSource) (the user's
    /// access token, else the API key, as supabase-js does), re-read before each join and
    /// on each heartbeat.
    ///
    /// ```
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// assert_eq!(
    ///     client.realtime().endpoint_url().as_str(),
    ///     "wss://xyz.supabase.co/realtime/v1/websocket?apikey=anon-key&vsn=2.0.0"
    /// );
    /// ```
    pub fn realtime(&self) -> &RealtimeClient {
        self.realtime_slot()
            .get_or_init(|| self.make_realtime(RealtimeOptions::new()))
    }

    /// Sets the Realtime options; only before the socket is first used. Returns whether they
    /// were applied.
    ///
    /// ```
    /// use supabase_core::realtime::{RealtimeOptions, Vsn};
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// assert!(client.configure_realtime(RealtimeOptions::new().vsn(Vsn::V1)));
    /// assert!(!client.configure_realtime(RealtimeOptions::new()));
    /// ```
    pub fn configure_realtime(&self, options: RealtimeOptions) -> bool {
        self.realtime_slot()
            .set(self.make_realtime(options))
            .is_ok()
    }

    fn make_realtime(&self, options: RealtimeOptions) -> RealtimeClient {
        let token = self.realtime_token_fn();
        RealtimeClient::build(
            self.url().realtime(),
            self.key(),
            options,
            self.http().clone(),
            self.static_headers().clone(),
            Some(token),
        )
    }

    /// `self.realtime().channel(name)`.
    ///
    /// ```
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// assert_eq!(client.channel("room1"), client.clone().channel("room1"));
    /// ```
    pub fn channel(&self, name: &str) -> RealtimeChannel {
        self.realtime().channel(name)
    }

    /// `self.realtime().channel_with(name, config)`.
    ///
    /// ```
    /// use supabase_core::realtime::ChannelConfig;
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// let ch = client.channel_with("room1", ChannelConfig::new().broadcast_ack(true));
    /// # drop(ch);
    /// ```
    pub fn channel_with(&self, name: &str, config: ChannelConfig) -> RealtimeChannel {
        self.realtime().channel_with(name, config)
    }

    /// `self.realtime().get_channels()`.
    ///
    /// ```
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// assert!(client.get_channels().is_empty());
    /// ```
    pub fn get_channels(&self) -> Vec<RealtimeChannel> {
        self.realtime().get_channels()
    }

    /// `self.realtime().remove_channel(channel)`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key")?;
    /// let ch = client.channel("room1");
    /// client.remove_channel(&ch).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_channel(
        &self,
        channel: &RealtimeChannel,
    ) -> Result<PushStatus, crate::Error> {
        Ok(self.realtime().remove_channel(channel).await?)
    }

    /// `self.realtime().remove_all_channels()`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// let client = supabase_core::Client::new("https://xyz.supabase.co", "anon-key")?;
    /// client.remove_all_channels().await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_all_channels(&self) -> Result<Vec<PushStatus>, crate::Error> {
        Ok(self.realtime().remove_all_channels().await?)
    }
}
