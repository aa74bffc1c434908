//! District settings (设置.toml in a district or case folder): the built-in style and the
//! 绩效 grade bands. Unknown keys are errors, as in the profile.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::jixiao::GradeBands;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "版式")]
    style: Option<String>,
    /// `"优" = 90`, `"良" = 80`, … plus `"其余" = "差"`.
    #[serde(rename = "绩效等级")]
    grades: Option<toml::Table>,
}

#[derive(Debug, Default)]
pub struct Settings {
    pub style: Option<String>,
    pub bands: Option<GradeBands>,
}

pub const SETTINGS_FILE: &str = "设置.toml";

/// The first 设置.toml found in `dirs` (case folder first, then the district folder).
pub fn load(dirs: &[&Path]) -> Result<Settings, String> {
    for dir in dirs {
        let p = dir.join(SETTINGS_FILE);
        if !p.is_file() {
            continue;
        }
        let text =
            std::fs::read_to_string(&p).map_err(|e| format!("无法读取 {}：{e}", p.display()))?;
        let raw: Raw = toml::from_str(&text).map_err(|e| format!("{} 有误：{e}", p.display()))?;
        let style = raw.style.map(|s| match s.as_str() {
            "上海" => "shanghai".to_string(),
            "默认" => "default".to_string(),
            _ => s,
        });
        let bands = match raw.grades {
            None => None,
            Some(t) => {
                let mut bands = Vec::new();
                let mut fallback = None;
                for (label, v) in t {
                    if label == "其余" {
                        fallback = v.as_str().map(str::to_string);
                        continue;
                    }
                    let min = match v {
                        toml::Value::Integer(i) => Decimal::from(i),
                        toml::Value::Float(f) => {
                            crate::amount::decimal_from_f64(f).unwrap_or_default()
                        }
                        other => {
                            return Err(format!(
                                "{}：绩效等级“{label}”应为分数线（如 90），实为 {other}",
                                p.display()
                            ))
                        }
                    };
                    bands.push((min, label));
                }
                bands.sort_by_key(|b| std::cmp::Reverse(b.0));
                let fallback = fallback.ok_or_else(|| {
                    format!(
                        "{}：绩效等级缺少 \"其余\" = \"…\"（最低一档的名称）",
                        p.display()
                    )
                })?;
                Some(GradeBands { bands, fallback })
            }
        };
        return Ok(Settings { style, bands });
    }
    Ok(Settings::default())
}
