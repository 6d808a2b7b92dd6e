//! Who "me" is, wherever a person is implied (`inbox`, and the edits that act as someone):
//! `--as PERSON`, else `CAIRN_USER`, else the git `user.email` matched to a person's
//! `email:` in cairn.yaml. One rule, everywhere.

use crate::model::Workspace;

/// How "me" was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Flag,
    Env,
    GitEmail,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MeError {
    #[error("{via} names `{id}`, who is not a person in cairn.yaml")]
    Unknown {
        id: String,
        via: &'static str,
        suggestion: Option<String>,
    },
    #[error("git user.email `{0}` is no person's `email:` in cairn.yaml")]
    NoEmailMatch(String),
    #[error("who are you? cairn cannot tell which person you are")]
    NoIdentity,
}

impl MeError {
    pub fn hint(&self) -> String {
        match self {
            MeError::Unknown {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            MeError::Unknown { .. } => "`cairn list people` lists them".into(),
            MeError::NoEmailMatch(e) => format!(
                "pass --as PERSON, set CAIRN_USER, or add `email: {e}` to your person in cairn.yaml"
            ),
            MeError::NoIdentity => "pass --as PERSON, set CAIRN_USER=PERSON, or set git user.email to the `email:` of your person in cairn.yaml".into(),
        }
    }
}

/// The person "me" is: `flag` (`--as`), else `env` (`CAIRN_USER`), else the person whose
/// `email:` is `git_email` (ignoring case).
pub fn resolve(
    ws: &Workspace,
    flag: Option<&str>,
    env: Option<&str>,
    git_email: Option<&str>,
) -> Result<(String, Via), MeError> {
    let known = |id: &str, via: &'static str, how: Via| {
        if ws.config.person(id).is_some() {
            Ok((id.to_owned(), how))
        } else {
            Err(MeError::Unknown {
                id: id.to_owned(),
                via,
                suggestion: crate::diag::did_you_mean(
                    id,
                    ws.config.people.iter().map(|p| p.id.as_str()),
                )
                .map(str::to_owned),
            })
        }
    };
    if let Some(id) = flag.map(str::trim).filter(|s| !s.is_empty()) {
        return known(id.trim_start_matches('@'), "--as", Via::Flag);
    }
    if let Some(id) = env.map(str::trim).filter(|s| !s.is_empty()) {
        return known(id.trim_start_matches('@'), "CAIRN_USER", Via::Env);
    }
    let Some(email) = git_email.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(MeError::NoIdentity);
    };
    ws.config
        .people
        .iter()
        .find(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
        })
        .map(|p| (p.id.clone(), Via::GitEmail))
        .ok_or_else(|| MeError::NoEmailMatch(email.to_owned()))
}
