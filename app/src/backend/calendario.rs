//! Chile's calendar and clock. SENCE works on Chile's time: an age is counted on Chile's date,
//! and operators read times as the clocks on their walls show them. Chile moves its clocks twice
//! a year, on dates its government changes, so the offset comes from the time zone database
//! (`America/Santiago`), never from a fixed number of hours.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::{America::Santiago, Tz};
use cs_domain::facilitador::Fecha;

fn en_chile(segundos_unix: i64) -> Option<DateTime<Tz>> {
    DateTime::<Utc>::from_timestamp(segundos_unix, 0).map(|t| t.with_timezone(&Santiago))
}

/// Chile's date at the Unix time `ahora`.
pub fn hoy(ahora: i64) -> Fecha {
    en_chile(ahora)
        .and_then(|t| Fecha::new(u16::try_from(t.year()).ok()?, t.month() as u8, t.day() as u8))
        // Past the years a `Fecha` holds: clamped, as its own calendar arithmetic does.
        .unwrap_or_else(|| Fecha::desde_segundos_unix(ahora))
}

/// A moment as operators read it: Chile's time, to the minute.
pub fn hora(segundos_unix: i64) -> String {
    en_chile(segundos_unix).map(|t| t.format("%d-%m-%Y %H:%M hora de Chile").to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fecha(anio: u16, mes: u8, dia: u8) -> Fecha {
        Fecha::new(anio, mes, dia).unwrap()
    }

    #[test]
    fn late_evening_in_chile_is_still_chiles_day_although_utc_has_moved_on() {
        // 2026-12-06 02:30 UTC is 23:30 on the 5th in Chile's summer time (UTC-3).
        assert_eq!(hoy(1_796_524_200), fecha(2026, 12, 5));
        assert_eq!(Fecha::desde_segundos_unix(1_796_524_200), fecha(2026, 12, 6));
        // 2026-07-10 03:30 UTC is 23:30 on the 9th in winter time (UTC-4).
        assert_eq!(hoy(1_783_654_200), fecha(2026, 7, 9));
        // An hour later it is the 10th in Chile too.
        assert_eq!(hoy(1_783_654_200 + 3_600), fecha(2026, 7, 10));
    }

    #[test]
    fn operators_read_chiles_wall_clock_in_summer_and_in_winter() {
        assert_eq!(hora(1_796_524_200), "05-12-2026 23:30 hora de Chile");
        assert_eq!(hora(1_783_654_200), "09-07-2026 23:30 hora de Chile");
    }

    #[test]
    fn a_moment_beyond_the_calendar_still_gives_a_date() {
        assert_eq!(hoy(i64::MAX), fecha(9999, 12, 31));
        assert_eq!(hora(i64::MAX), "");
    }
}
