//! A chat listener on a Realtime channel: prints broadcast messages and who is online (presence),
//! and sends one greeting. See README.md for how to run it.

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use supabase_core::realtime::{ChannelConfig, PresenceEvent};
use supabase_core::Client;

/// One chat message, the payload of the `message` broadcast event.
#[derive(Debug, Serialize, Deserialize)]
struct ChatMessage {
    from: String,
    text: String,
}

/// What each user tracks in presence.
#[derive(Debug, Serialize, Deserialize)]
struct Online {
    name: String,
}

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("realtime example failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("SUPABASE_URL")
        .map_err(|_| "set SUPABASE_URL (see examples/realtime-chat/README.md)")?;
    let key = std::env::var("SUPABASE_KEY")
        .map_err(|_| "set SUPABASE_KEY (see examples/realtime-chat/README.md)")?;
    let mut args = std::env::args().skip(1);
    let me = args.next().unwrap_or_else(|| "guest".into());
    let room_name = args.next().unwrap_or_else(|| "lobby".into());

    let client = Client::new(&url, key)?;
    // The presence key is our name, so each user shows up once however many tabs they open.
    let room = client.channel_with(&room_name, ChannelConfig::new().presence_key(me.as_str()));
    let mut chat = room.on_broadcast::<ChatMessage>("message");
    let mut presence = room.on_presence::<Online>()?;
    room.subscribe().await?;
    println!("Joined channel {room_name} as {me}; listening for messages (Ctrl-C to leave).");

    room.track(&Online { name: me.clone() }).await?;
    room.send_broadcast(
        "message",
        &ChatMessage {
            from: me.clone(),
            text: format!("hello from {me}"),
        },
    )
    .await?;

    loop {
        tokio::select! {
            Some(msg) = chat.next() => match msg {
                Ok(msg) => println!("{} says: {}", msg.payload.from, msg.payload.text),
                Err(err) => println!("a message could not be read: {err}"),
            },
            Some(event) = presence.next() => match event {
                Ok(PresenceEvent::Join { key, .. }) => println!("{key} is online"),
                Ok(PresenceEvent::Leave { key, .. }) => println!("{key} left"),
                Ok(PresenceEvent::Sync) => {
                    let online: Vec<String> = room
                        .presence_state::<Online>()?
                        .into_keys()
                        .collect();
                    println!("online now: {}", online.join(", "));
                }
                Ok(_) => {}
                Err(err) => println!("a presence update could not be read: {err}"),
            },
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    room.untrack().await?;
    room.unsubscribe().await?;
    println!("Left channel {room_name}.");
    Ok(())
}
