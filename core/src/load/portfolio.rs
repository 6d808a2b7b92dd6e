//! A portfolio: one workspace made of others. Each member is loaded on its own (its parse
//! cache, its files) and joined to the portfolio's workspace with its ids prefixed by the
//! member's name (`mobile:T-30`, `web:website`) and its files under that name
//! (`mobile/tasks/…`), so every rule, the forecast (one leveling over everyone's work:
//! a person's hours are shared) and every report run on the whole as on one workspace.
//! People keep their ids across members; the portfolio's `people:` wins.

use crate::diag::{Diagnostic, Rule};
use crate::model::*;

/// `name:id`, unless the id already names a member.
fn ns(name: &str, id: &mut String) {
    if !id.contains(':') {
        *id = format!("{name}:{id}");
    }
}

fn ns_sp(name: &str, s: &mut Sp<String>) {
    ns(name, &mut s.value);
}

fn ns_body(name: &str, b: &mut Body) {
    for c in &mut b.checklist {
        c.tasks.iter_mut().for_each(|t| ns_sp(name, t));
    }
}

/// Joins member `m` into `into` under `name`. The caller rebuilds the index after the
/// last member.
pub fn merge(into: &mut Workspace, name: &str, m: Workspace) {
    let base = into.files.len();
    let Workspace {
        config,
        files,
        projects,
        tasks,
        meetings,
        decisions,
        load_diagnostics,
        time,
        index: _,
    } = m;
    for f in files {
        into.files.push(SourceFile::new(
            format!("{name}/{}", f.path),
            f.kind,
            f.text,
        ));
    }
    for mut p in projects {
        p.file += base;
        ns_sp(name, &mut p.id);
        ns_body(name, &mut p.body);
        into.projects.push(p);
    }
    for mut t in tasks {
        t.file += base;
        ns_sp(name, &mut t.id);
        t.depends_on.iter_mut().for_each(|d| ns_sp(name, d));
        if let Some(p) = &mut t.parent {
            ns_sp(name, p);
        }
        if let Some(p) = &mut t.project {
            ns_sp(name, p);
        }
        ns_body(name, &mut t.body);
        into.tasks.push(t);
    }
    for mut mt in meetings {
        mt.file += base;
        ns_sp(name, &mut mt.id);
        if let Some(p) = &mut mt.project {
            ns_sp(name, p);
        }
        ns_body(name, &mut mt.body);
        into.meetings.push(mt);
    }
    for mut d in decisions {
        d.file += base;
        ns_sp(name, &mut d.id);
        if let Some(p) = &mut d.project {
            ns_sp(name, p);
        }
        if let Some(s) = &mut d.supersedes {
            ns_sp(name, s);
        }
        d.tasks.iter_mut().for_each(|t| ns_sp(name, t));
        ns_body(name, &mut d.body);
        into.decisions.push(d);
    }
    for mut e in time {
        e.file += base;
        ns(name, &mut e.task);
        into.time.push(e);
    }
    for mut d in load_diagnostics {
        d.file = format!("{name}/{}", d.file);
        into.load_diagnostics.push(d);
    }
    // One id per person across members; the portfolio's own entry wins.
    for p in config.people {
        if into.config.person(&p.id).is_none() {
            into.config.people.push(p);
        }
    }
    for (s, c) in config.statuses {
        if into.config.status_category(&s).is_none() {
            into.config.statuses.push((s, c));
        }
    }
}

/// The finding for a member that could not be read.
pub fn unavailable(member: &Member, why: String, hint: Option<String>) -> Diagnostic {
    let mut d = Diagnostic::new(
        Rule::PortfolioMember,
        super::CONFIG_FILE,
        member.pos,
        format!("portfolio member `{}`: {why}", member.name),
    );
    d.hint = hint;
    d
}
