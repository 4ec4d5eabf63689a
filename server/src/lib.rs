//! # rounds-server
//!
//! The Rounds sync server and JSON API: [`router`] builds the whole application from an
//! [`AppState`]; `main.rs` only parses the command line and calls [`serve`].

pub mod admin;
pub mod auth;
pub mod blobs;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod projection;
pub mod read_cache;
pub mod state;
pub mod storage;
pub mod sync;

mod api;
mod serve;
mod shell;

pub use api::openapi_json;

use std::io;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// The application: the API under `/api/v1`, and the built client everywhere else (unknown
/// paths get the app shell, so the client's routes work on reload).
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .nest("/v1", api::v1())
        .fallback(api::not_found)
        // JSON and CSV answers, gzip when the client accepts it (the sync upgrade has no
        // body and stays as it is).
        .layer(tower_http::compression::CompressionLayer::new());
    let mut app = Router::new().nest("/api", api);
    if let Some(dir) = &state.config.static_dir {
        let index = ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        app = app
            .route("/sw.js", axum::routing::get(shell::service_worker))
            .fallback_service(files)
            .layer(axum::middleware::from_fn(shell::delivery_headers));
    }
    // Spans carry the path only: the query may hold an access token.
    let trace = TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
        tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
    });
    let deadline = tower_http::timeout::TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        state.config.request_timeout,
    );
    app.layer(deadline).layer(trace).with_state(state)
}

/// Serves `router(state)` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, state: AppState) -> io::Result<()> {
    let header_timeout = state.config.header_timeout;
    serve::serve(listener, router(state), header_timeout, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
