//! Signs in with email and password, keeps the session in a file across runs, lets the client
//! refresh it in the background, and signs out with `-- signout`. See README.md for how to run it.

use std::sync::Arc;
use std::time::Duration;

use supabase_core::auth::{AuthOptions, FileStore, SignInWithPasswordCredentials, SignOutScope};
use supabase_core::Client;

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name} (see examples/auth/README.md)"))
}

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("auth example failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = env("SUPABASE_URL")?;
    let key = env("SUPABASE_KEY")?;
    let dir = std::env::var("SESSION_DIR").unwrap_or_else(|_| ".supabase-session".into());
    let client = Client::builder(&url, key)
        .auth_options(
            AuthOptions::new()
                .store(Arc::new(FileStore::new(&dir)))
                .auto_refresh(true),
        )
        .build()?;
    let auth = client.auth();
    // Reads the stored session (if any) and refreshes it when it is close to expiry.
    auth.initialize().await;

    if std::env::args().nth(1).as_deref() == Some("signout") {
        auth.sign_out(SignOutScope::Local).await?;
        println!("Signed out; the session file in {dir} is gone.");
        return Ok(());
    }

    let session = match auth.get_session().await? {
        Some(session) => {
            println!("A stored session was found in {dir}; no password was sent.");
            session
        }
        None => {
            let email = env("EMAIL")?;
            let password = env("PASSWORD")?;
            let answer = auth
                .sign_in_with_password(SignInWithPasswordCredentials::email(email, password))
                .await?;
            let session = answer
                .session
                .ok_or("the server answered without a session (is the email confirmed?)")?;
            println!("Signed in with the password; the session is now stored in {dir}.");
            session
        }
    };
    println!(
        "Signed in as {} (user id {}); the access token expires in {} seconds and is \
         refreshed in the background before then.",
        session
            .user
            .email
            .as_deref()
            .unwrap_or("a user without an email"),
        session.user.id,
        seconds_left(session.expires_at),
    );

    // Every request of this client now carries the user's token; the user comes from the server.
    let user = auth.get_user().await?;
    match user.last_sign_in_at {
        Some(at) => println!("The server says this user last signed in at {at}."),
        None => println!("The server has no sign-in time for this user."),
    }

    tokio::time::sleep(Duration::from_secs(1)).await;
    println!("Run it again to reuse the session, or with `-- signout` to end it.");
    Ok(())
}

fn seconds_left(expires_at: Option<i64>) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    expires_at.map(|at| at - now).unwrap_or(0)
}
