//! Who and what the support plans cover: `support_scope` (the plan × request type table),
//! `submit_request`, `preview`, `purchase_channel` and `no_subscription`.

use std::collections::BTreeMap;

use serde_json::json;

use super::{declares, Declared};
use crate::policy::binding::{bind, RuleSet};
use crate::policy::framework::{Policy, Trace};
use crate::policy::model::{Example, Facts, PolicySpec, SpecError};
use crate::policy::scope::{ScopeTable, RULES as SCOPE_RULES};

// ------------------------------------------------------------------------------ support_scope

/// The `support_scope` policy: decided by [`ScopeTable`].
pub struct SupportScope {
    spec: PolicySpec,
    table: &'static ScopeTable,
}

/// The id of the `support_scope` policy.
pub const SUPPORT_SCOPE: &str = "support_scope";

/// Binds `support_scope` to its description and table.
pub fn support_scope(
    specs: &mut BTreeMap<String, PolicySpec>,
    examples: &mut BTreeMap<String, Vec<Example>>,
    table: &'static ScopeTable,
) -> Result<Box<dyn Policy>, SpecError> {
    let spec = bind(
        specs,
        examples,
        SUPPORT_SCOPE,
        &["plan", "request_type"],
        &[
            SCOPE_RULES[0],
            SCOPE_RULES[1],
            "support_scope.break_fix",
            "support_scope.how_to",
        ],
        &[],
        &["covered", "not_covered"],
    )?;
    Ok(Box::new(SupportScope { spec, table }))
}

impl Policy for SupportScope {
    fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    fn decide(&self, f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
        // Enum indices follow the description, which the table's order is checked against in tests.
        let row = match (f.get(1), f.get(0)) {
            (Some(crate::policy::model::Value::Enum(i)), _) => self.table.rows.get(*i)?,
            // Unknown request type: decided only if the plan covers every type (or none).
            (_, Some(crate::policy::model::Value::Enum(p))) => {
                let covered: Vec<bool> = self
                    .table
                    .rows
                    .iter()
                    .map(|r| r.covered.get(*p).copied().unwrap_or(false))
                    .collect();
                return if covered.iter().all(|c| *c) {
                    for r in &self.table.rows {
                        t.fire(r.rule);
                    }
                    Some("covered")
                } else if covered.iter().all(|c| !*c) {
                    Some("not_covered")
                } else {
                    None
                };
            }
            _ => return None,
        };
        match f.enum_str(1) {
            Some("break_fix") => t.fire("support_scope.break_fix"),
            Some("advisory") => t.fire("support_scope.how_to"),
            _ => {}
        }
        let covered = match f.get(0) {
            Some(crate::policy::model::Value::Enum(p)) => row.covered.get(*p).copied(),
            // Unknown plan: decided only if every plan agrees.
            _ => {
                if row.covered.iter().all(|c| *c) {
                    Some(true)
                } else if row.covered.iter().all(|c| !*c) {
                    Some(false)
                } else {
                    None
                }
            }
        };
        t.fire(row.rule);
        covered.map(|c| if c { "covered" } else { "not_covered" })
    }

    fn details(&self, f: &Facts<'_>, _: &str) -> serde_json::Map<String, serde_json::Value> {
        let mut d = serde_json::Map::new();
        if let Some(crate::policy::model::Value::Enum(i)) = f.get(1) {
            if let Some(row) = self.table.rows.get(*i) {
                let plans: Vec<&str> = crate::policy::scope::PLANS
                    .iter()
                    .zip(row.covered)
                    .filter(|(_, c)| *c)
                    .map(|(p, _)| *p)
                    .collect();
                d.insert("covered_on".into(), json!(plans));
            }
        }
        d
    }
}

// ------------------------------------------------------------------------------ submit_request

/// The `submit_request` policy.
pub const SUBMIT_REQUEST: Declared = Declared {
    id: "submit_request",
    facts: &["role"],
    rules: &[
        "submit_request.admin_role",
        "submit_request.end_users",
        "submit_request.granting",
        "submit_request.service_admin",
        "submit_request.partner_two_ways",
        "submit_request.partner_own_plan",
        "submit_request.partner_admin_of_customer",
        "submit_request.partner_customer_tenant",
    ],
    interpretations: &[],
    verdicts: &["can_submit", "cannot_submit"],
    other_wordings: &[],
    decide: submit_decide,
    details: Some(submit_details),
    check: None,
    summary: None,
};

fn submit_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    match f.enum_str(0)? {
        "power_platform_admin" => {
            t.fire("submit_request.admin_role");
            Some("can_submit")
        }
        "service_admin" => {
            t.fire("submit_request.service_admin");
            Some("can_submit")
        }
        "end_user" => {
            t.fire("submit_request.end_users");
            t.fire("submit_request.granting");
            t.fire("submit_request.service_admin");
            Some("cannot_submit")
        }
        "partner_delegated_admin" => {
            t.fire("submit_request.partner_two_ways");
            t.fire("submit_request.partner_customer_tenant");
            t.fire("submit_request.partner_admin_of_customer");
            Some("can_submit")
        }
        _ => {
            t.fire("submit_request.partner_two_ways");
            t.fire_says("submit_request.partner_customer_tenant", || {
                "Without administrator or owner privileges on the customer's subscription (usually delegated admin), a partner cannot file through the customer's account.".to_string()
            });
            t.fire("submit_request.partner_own_plan");
            Some("cannot_submit")
        }
    }
}

fn submit_details(f: &Facts<'_>, _: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut d = serde_json::Map::new();
    let way = match f.enum_str(0) {
        Some("power_platform_admin") => Some("Open the request in the Power Platform admin center."),
        Some("service_admin") => Some("Open and manage the request in the Power Platform admin center."),
        Some("end_user") => Some("Ask a Power Platform admin of the tenant to elevate your permissions, for example by assigning you the Service Administrator role. There is no alternative to this experience."),
        Some("partner_delegated_admin") => Some("File the request on the customer's subscription, or with your own partner support benefits (Advanced Support for Partners, Microsoft Partner Network Support)."),
        Some(_) => Some("Get delegated admin (or owner) privileges on the customer's tenant, or submit through your own account and plan or partner benefits (Advanced Support for Partners, Microsoft Partner Network Support)."),
        None => None,
    };
    if let Some(w) = way {
        d.insert("way_forward".into(), json!(w));
    }
    d
}

// ------------------------------------------------------------------------------------ preview

/// The rules of `preview`; the last, that every plan covers public previews, only in the 2025 text.
const PREVIEW_RULES: &[&str] = &[
    "preview.what_is_a_preview",
    "preview.public_kind",
    "preview.private_kind",
    "preview.limited_kind",
    "preview.as_is",
    "preview.no_sla",
    "preview.ga_only",
    "preview.forums",
    "preview.public_break_fix_only",
    "preview.public_in_every_plan",
];

/// The `preview` policy.
pub const PREVIEW: Declared = Declared {
    id: "preview",
    facts: &["kind", "request_type"],
    rules: PREVIEW_RULES,
    interpretations: &[],
    verdicts: &["break_fix_support", "not_covered"],
    // 2021: the text does not say that every plan covers public previews.
    other_wordings: &[RuleSet {
        rules: match PREVIEW_RULES.split_last() {
            Some((_, rest)) => rest,
            None => &[],
        },
        interpretations: &[],
        verdicts: &["break_fix_support", "not_covered"],
    }],
    decide: preview_decide,
    details: Some(preview_details),
    check: None,
    summary: None,
};

fn preview_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    t.fire("preview.what_is_a_preview");
    let kind = f.enum_str(0);
    match kind {
        Some("public") => t.fire("preview.public_kind"),
        Some("private") => t.fire("preview.private_kind"),
        Some("limited") => t.fire("preview.limited_kind"),
        _ => {}
    }
    t.fire("preview.as_is");
    t.fire("preview.no_sla");
    let request = f.enum_str(1);
    match (kind, request) {
        (Some("public"), Some("break_fix")) => {
            if declares(f, "preview.public_in_every_plan") {
                t.fire("preview.public_in_every_plan");
            }
            t.fire("preview.public_break_fix_only");
            t.fire("preview.forums");
            Some("break_fix_support")
        }
        (Some("public"), Some(_)) => {
            t.fire_says("preview.public_break_fix_only", || {
                "Technical support for a public preview covers break-fix only, so a how-to or advisory request is outside it.".to_string()
            });
            t.fire("preview.forums");
            t.fire("preview.ga_only");
            Some("not_covered")
        }
        (Some("private" | "limited"), _) | (None, Some("advisory")) => {
            t.fire("preview.ga_only");
            Some("not_covered")
        }
        _ => None,
    }
}

fn preview_details(f: &Facts<'_>, verdict: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut d = serde_json::Map::new();
    d.insert(
        "terms".into(),
        json!("as-is, with all faults, as available; no Service SLA and no limited warranty"),
    );
    if verdict == "break_fix_support" {
        d.insert("scope".into(), json!("break-fix only"));
        d.insert("language".into(), json!("English only"));
        d.insert("around_the_clock".into(), json!(false));
    }
    if f.enum_str(0) == Some("public") {
        d.insert("forums".into(), json!("https://community.dynamics.com/"));
    }
    d
}

// --------------------------------------------------------------------------- purchase_channel

/// The `purchase_channel` policy.
pub const PURCHASE_CHANNEL: Declared = Declared {
    id: "purchase_channel",
    facts: &["channel", "offered_in_market"],
    rules: &[
        "purchase_channel.markets",
        "purchase_channel.regions_after_ga",
        "purchase_channel.bought_from_microsoft",
        "purchase_channel.other_channel",
    ],
    interpretations: &[],
    verdicts: &[
        "support_plan_applies",
        "agreement_terms_apply",
        "not_offered_in_market",
    ],
    other_wordings: &[],
    decide: channel_decide,
    details: None,
    check: None,
    summary: None,
};

fn channel_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    if f.bool(1) == Some(false) {
        t.fire("purchase_channel.markets");
        return Some("not_offered_in_market");
    }
    let verdict = match f.enum_str(0)? {
        "microsoft" => {
            t.fire("purchase_channel.bought_from_microsoft");
            "support_plan_applies"
        }
        _ => {
            t.fire("purchase_channel.other_channel");
            "agreement_terms_apply"
        }
    };
    f.bool(1)?;
    t.fire("purchase_channel.markets");
    t.fire("purchase_channel.regions_after_ga");
    Some(verdict)
}

// ---------------------------------------------------------------------------- no_subscription

const NO_SUBSCRIPTION_VERDICTS: &[&str] = &[
    "subscription_management_request",
    "use_admin_center",
    "route_not_available",
];

/// Whether the edition gives the portal as portal.office.com (the 2021 wording).
fn office_portal(f: &Facts<'_>) -> bool {
    declares(f, "no_subscription.office_portal")
}

/// The `no_subscription` policy.
pub const NO_SUBSCRIPTION: Declared = Declared {
    id: "no_subscription",
    facts: &[
        "has_subscription",
        "creation_failed_with_error",
        "has_admin_credentials",
    ],
    rules: &["no_subscription.route", "no_subscription.admin_center"],
    interpretations: &[],
    verdicts: NO_SUBSCRIPTION_VERDICTS,
    // 2021: the Microsoft 365 Admin Portal the route names is at portal.office.com.
    other_wordings: &[RuleSet {
        rules: &[
            "no_subscription.route",
            "no_subscription.office_portal",
            "no_subscription.admin_center",
        ],
        interpretations: &[],
        verdicts: NO_SUBSCRIPTION_VERDICTS,
    }],
    decide: nosub_decide,
    details: Some(nosub_details),
    check: None,
    summary: None,
};

fn nosub_decide(f: &Facts<'_>, t: &mut Trace) -> Option<&'static str> {
    match f.bool(0)? {
        true => {
            t.fire("no_subscription.admin_center");
            Some("use_admin_center")
        }
        false => {
            t.fire("no_subscription.route");
            match super::all3([f.bool(1), f.bool(2)])? {
                true => {
                    if office_portal(f) {
                        t.fire("no_subscription.office_portal");
                    }
                    Some("subscription_management_request")
                }
                false => Some("route_not_available"),
            }
        }
    }
}

fn nosub_details(f: &Facts<'_>, verdict: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut d = serde_json::Map::new();
    if verdict == "subscription_management_request" {
        let portal = if office_portal(f) {
            "https://portal.office.com/"
        } else {
            "https://m365.cloud.microsoft/chat/?auth=2&origindomain=microsoft365"
        };
        d.insert("portal".into(), json!(portal));
        d.insert(
            "steps".into(),
            json!([
                "Sign in to the Microsoft 365 admin portal with Power Platform admin credentials.",
                "Open the Admin app.",
                "In the left navigation select Support, then New Support Request (the Need Help? pane opens).",
                "Type your Subscription Management question.",
                "If the suggested articles don't help, use Contact Support at the bottom of the pane and fill in the details."
            ]),
        );
    }
    d
}
