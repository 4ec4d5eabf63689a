//! Helpers of the administration tests: a small organisation, API calls as one user
//! (status and JSON answer), and spreadsheets.

use reqwest::Method;
use serde_json::Value;

use crate::{HarnessError, TestServer};

/// A server with an admin (`boss`), a manager of `east` (`lin`), two reps of `east` (`wu`,
/// `zhou`) and one of `west` (`he`), each rep with a hospital.
pub async fn org() -> Result<TestServer, HarnessError> {
    let server = TestServer::start().await?;
    server.team("east")?;
    server.team("west")?;
    server.user("boss", "admin", None)?;
    server.user("lin", "manager", None)?;
    server.manage("east", "lin")?;
    for (rep, team, hospital) in [
        ("wu", "east", "无锡市人民医院"),
        ("zhou", "east", "苏州市立医院"),
        ("he", "west", "成都市第二医院"),
    ] {
        server.user(rep, "rep", Some(team))?;
        server.account(hospital, rep)?;
    }
    Ok(server)
}

/// The API as one signed-in user.
#[derive(Debug)]
pub struct As<'a> {
    server: &'a TestServer,
    /// The bearer token.
    pub token: String,
}

impl<'a> As<'a> {
    /// Signs `user` in (with the harness's password).
    pub async fn user(server: &'a TestServer, user: &str) -> Result<As<'a>, HarnessError> {
        Ok(As {
            server,
            token: server.login(user).await?,
        })
    }

    /// Calls with `token`.
    pub fn with_token(server: &'a TestServer, token: String) -> As<'a> {
        As { server, token }
    }

    /// `method path` with a JSON `body` (ignored for GET): the status and the answer as
    /// JSON (a string when it is not JSON, `null` when empty).
    pub async fn call(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        let sent = if method == Method::GET {
            self.server.get(&self.token, path).await
        } else {
            self.server.send(&self.token, method, path, &body).await
        };
        let (status, text) = sent.unwrap_or((0, String::new()));
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, Value::Null).await
    }

    /// A file `POST`ed to the import endpoint with `query`.
    pub async fn import(&self, query: &str, file: Vec<u8>) -> (u16, Value) {
        let res = reqwest::Client::new()
            .post(self.server.url(&format!("/api/v1/accounts/import?{query}")))
            .bearer_auth(&self.token)
            .body(file)
            .send()
            .await;
        match res {
            Ok(res) => {
                let status = res.status().as_u16();
                (status, res.json().await.unwrap_or(Value::Null))
            }
            Err(_) => (0, Value::Null),
        }
    }
}

/// The import sheet's header row, as an export writes it.
pub fn header_row() -> Vec<String> {
    rounds_server::admin::import::Column::ALL
        .iter()
        .map(|c| c.header().to_owned())
        .collect()
}

/// An Excel workbook of `rows` (the first is the header); cells that read as numbers are
/// written as numbers (the first column aside), as a spreadsheet holds them.
pub fn xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, HarnessError> {
    let err = |e: rust_xlsxwriter::XlsxError| HarnessError(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (
                u32::try_from(r).map_err(|e| HarnessError(e.to_string()))?,
                u16::try_from(c).map_err(|e| HarnessError(e.to_string()))?,
            );
            match cell.parse::<f64>() {
                Ok(n) if c > 0 => sheet.write_number(r, c, n).map_err(err)?,
                _ => sheet.write_string(r, c, cell).map_err(err)?,
            };
        }
    }
    book.save_to_buffer().map_err(err)
}
