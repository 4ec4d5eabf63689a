//! The manager's dashboard: team funnel, forecast and trend, drill-down, and (in the same
//! app as the rep screens) the team's accounts. Data comes from the API and is kept on the
//! device, so the last view opens offline too, marked with its age.

pub(crate) mod activity;
pub(crate) mod attainment;
pub(crate) mod bar;
pub(crate) mod chart;
pub(crate) mod classes;
pub(crate) mod collections;
pub(crate) mod coverage;
pub(crate) mod covisit;
pub(crate) mod daily;
pub(crate) mod dto;
mod evidence;
pub(crate) mod fetch;
pub(crate) mod funnel;
pub(crate) mod meeting;
pub(crate) mod notices;
pub(crate) mod visits;
pub(crate) mod warnings;
