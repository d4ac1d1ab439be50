//! `supabase-core`'s tracing, turned on: a query that is retried once, a sign-in and a session
//! refresh, and a realtime socket that the server drops and the client reconnects.
//!
//! The program starts its own loopback servers (see `servers.rs`), so it runs anywhere:
//! `cargo run -p example-tracing`. `RUST_LOG` picks what is shown (default
//! `supabase_core=debug`).

mod servers;

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use supabase_core::auth::{AuthOptions, SignInWithPasswordCredentials};
use supabase_core::realtime::{RealtimeClient, RealtimeOptions, SubscribeState, Vsn};
use supabase_core::Client;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    // What a user adds to see the client's spans and events.
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("supabase_core=debug"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();

    if let Err(err) = run().await {
        eprintln!("example failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let http = servers::start_http().await?;
    let socket = servers::start_phoenix().await?;
    let client = Client::builder(&http, "example-anon-key")
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()?;

    println!("\n== a query (the server answers 503 once: the read is retried)");
    let rows: Vec<Value> = client
        .from("todos")
        .select("id,title")
        .eq("done", false)
        .execute()
        .await?
        .data;
    println!("{} rows", rows.len());

    println!("\n== a sign-in, then a refresh");
    client
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct horse battery staple",
        ))
        .await?;
    let session = client.auth().refresh_session().await?;
    println!("refreshed; expires at {:?}", session.expires_at);

    println!("\n== a realtime channel; the server drops the socket once");
    let realtime = RealtimeClient::new(
        &socket,
        "example-anon-key",
        RealtimeOptions::new().vsn(Vsn::V1),
    )?;
    let channel = realtime.channel("room-1");
    let mut statuses = channel.statuses();
    channel.subscribe().await?;
    let mut subscribed = 0;
    while subscribed < 2 {
        let next = tokio::time::timeout(Duration::from_secs(10), statuses.next()).await?;
        match next {
            Some(Ok(SubscribeState::Subscribed)) => subscribed += 1,
            Some(Ok(other)) => println!("channel: {}", other.as_str()),
            Some(Err(err)) => return Err(err.into()),
            None => break,
        }
    }
    println!("subscribed again after the reconnect");
    Ok(())
}
