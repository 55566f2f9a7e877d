//! Judges one message body from the client: forward it to tower-lsp-server, or answer it with
//! a JSON-RPC error, or drop it.
//!
//! tower-lsp-server decodes a body as its `Message` (an untagged `Response | Request`) and
//! ends its input stream on the first body it cannot decode. [`Incoming`] is the same
//! definition over the same public types, decoded from the same `&str`, so a body is
//! forwarded exactly when tower-lsp-server's decoder will accept it.
//!
//! Errors follow JSON-RPC 2.0: a body that is not UTF-8 JSON is a parse error (-32700, id
//! null); JSON that is not a request object (a batch array, a scalar, a wrong field) is an
//! invalid request (-32600) with the request's id when it has a readable one (a number or a
//! string), else id null. LSP has no batches, so an array gets one error. A malformed
//! *response* from the client is dropped: an error reply would carry an id from the client's
//! own id space and could be matched to one of its pending requests.

use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

use super::frames::FrameError;

/// Mirror of tower-lsp-server's private `jsonrpc::Message`.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // Only its decoding matters.
enum Incoming {
    Response(Response),
    Request(Request),
}

/// What to do with one body.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Pass it to the server; `exit` is true for the `exit` notification, after which the
    /// server stops reading.
    Forward { exit: bool },
    /// Answer it with this error response and do not pass it on.
    Reply(Response),
    /// Neither pass it on nor answer it.
    Drop,
}

pub fn judge(body: &[u8]) -> Verdict {
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(error) => {
            return reply(
                Id::Null,
                ErrorCode::ParseError,
                format!(
                    "message body is not valid UTF-8 (at byte {})",
                    error.valid_up_to()
                ),
            );
        }
    };
    match serde_json::from_str::<Incoming>(text) {
        Ok(Incoming::Request(request)) => {
            return Verdict::Forward {
                exit: request.method() == "exit",
            };
        }
        Ok(Incoming::Response(_)) => return Verdict::Forward { exit: false },
        Err(_) => {}
    }
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(error) => {
            return reply(
                Id::Null,
                ErrorCode::ParseError,
                format!("message body is not JSON: {error}"),
            );
        }
    };
    let Value::Object(object) = &value else {
        let message = if value.is_array() {
            "batch messages are not supported by LSP: send one JSON-RPC object per message"
                .to_string()
        } else {
            format!("message body is {}, not a JSON-RPC object", kind(&value))
        };
        return reply(Id::Null, ErrorCode::InvalidRequest, message);
    };
    let is_response = !object.contains_key("method")
        && (object.contains_key("result") || object.contains_key("error"));
    if is_response {
        return Verdict::Drop;
    }
    // Why the request failed to decode, from the same decoder, for the message.
    let why = serde_json::from_value::<Request>(value.clone())
        .err()
        .map_or_else(|| "not a JSON-RPC request".to_string(), |e| e.to_string());
    let id = match object.get("id") {
        Some(Value::Number(n)) => n.as_i64().map_or(Id::Null, Id::Number),
        Some(Value::String(s)) => Id::String(s.clone()),
        _ => Id::Null,
    };
    reply(
        id,
        ErrorCode::InvalidRequest,
        format!("invalid JSON-RPC request: {why}"),
    )
}

/// The error answer to a frame whose header could not be used.
pub fn frame_error(error: &FrameError) -> Response {
    let (code, message) = match error {
        FrameError::BadHeader(why) => (
            ErrorCode::ParseError,
            format!("malformed message header: {why}; skipped to the next Content-Length"),
        ),
        FrameError::TooLarge { length, max } => (
            ErrorCode::InvalidRequest,
            format!(
                "message of {length} bytes is over the {} MiB limit; skipped to the next Content-Length",
                max >> 20
            ),
        ),
    };
    Response::from_error(Id::Null, error_of(code, message))
}

fn reply(id: Id, code: ErrorCode, message: String) -> Verdict {
    Verdict::Reply(Response::from_error(id, error_of(code, message)))
}

fn error_of(code: ErrorCode, message: String) -> Error {
    Error {
        code,
        message: message.into(),
        data: None,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(body: &str) -> Value {
        match judge(body.as_bytes()) {
            Verdict::Reply(response) => serde_json::to_value(response).unwrap(),
            other => panic!("{body}: expected a reply, got {other:?}"),
        }
    }

    #[test]
    fn requests_notifications_and_responses_are_forwarded() {
        let forward = Verdict::Forward { exit: false };
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"x","params":[1]}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":null}"#,
        ] {
            assert_eq!(judge(body.as_bytes()), forward, "{body}");
        }
        assert_eq!(
            judge(br#"{"jsonrpc":"2.0","method":"exit"}"#),
            Verdict::Forward { exit: true }
        );
    }

    #[test]
    fn malformed_bodies_get_the_json_rpc_error() {
        let parse = |message: &Value| {
            assert_eq!(message["error"]["code"], -32700, "{message}");
            assert_eq!(message["id"], Value::Null);
        };
        parse(&answer("{not json"));
        parse(&answer(""));
        let Verdict::Reply(utf8) = judge(b"{\"a\":\"\xff\"}") else {
            panic!("invalid UTF-8 is answered");
        };
        parse(&serde_json::to_value(utf8).unwrap());

        let invalid = |body: &str, id: Value| {
            let message = answer(body);
            assert_eq!(message["error"]["code"], -32600, "{body}: {message}");
            assert_eq!(message["id"], id, "{body}");
        };
        invalid("null", Value::Null);
        invalid("[]", Value::Null);
        invalid(r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#, Value::Null);
        invalid(
            r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
            Value::Null,
        );
        invalid(r#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#, Value::Null);
        invalid(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, Value::Null);
        invalid(r#"{"id":7,"method":"x"}"#, json!(7));
        invalid(r#"{"jsonrpc":"1.0","id":"s","method":"x"}"#, json!("s"));
        invalid(r#"{"jsonrpc":"2.0","id":8,"method":5}"#, json!(8));
    }

    #[test]
    fn a_malformed_response_is_dropped() {
        assert_eq!(
            judge(br#"{"jsonrpc":"2.0","id":{},"result":1}"#),
            Verdict::Drop
        );
    }
}
