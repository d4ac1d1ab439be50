//! Calls an Edge Function with a JSON body and prints its JSON answer. See README.md for how to
//! run it.

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("edge function example failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("SUPABASE_URL")
        .map_err(|_| "set SUPABASE_URL (see examples/edge-function/README.md)")?;
    let key = std::env::var("SUPABASE_KEY")
        .map_err(|_| "set SUPABASE_KEY (see examples/edge-function/README.md)")?;
    let mut args = std::env::args().skip(1);
    let function = args.next().unwrap_or_else(|| "hello-world".into());
    let name = args.next().unwrap_or_else(|| "Rust".into());

    let client = supabase_core::Client::new(&url, key)?;
    // A POST to /functions/v1/<name> with a JSON body and the project's key as the bearer token.
    let res = client
        .functions()
        .invoke(function.as_str())
        .body(serde_json::json!({ "name": name }))
        .send::<serde_json::Value>()
        .await?;
    println!("{function} answered: {}", res.data);
    Ok(())
}
