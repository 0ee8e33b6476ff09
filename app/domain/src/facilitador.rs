//! The data of a foreign trainer ("Facilitador Extranjero", guide §5 step 7, `Datos del
//! Facilitador`): someone without a Chilean RUN, for whom a company requests a Clave Sence.
//! They are identified by an identity document of their own country, so every field here
//! describes a foreigner: the document, the names, the birth date typed as `01-12-1992`, the
//! country of origin (never Chile). Email and the secret question reuse [`crate::email`] and
//! [`crate::pregunta`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// The short fixed lists of the form (document type, sex, marital status) behave exactly like
/// [`crate::pregunta::PreguntaSecreta`]: a stable `codigo` for the `<option>` value and for
/// storage, a `texto` to show, and `parse` of the code the form sends. One macro keeps the
/// three alike; each gets its own error so the message names its field.
macro_rules! lista_fija {
    (
        $(#[$doc:meta])*
        $tipo:ident;
        $error:ident: $mensaje:literal;
        $( $(#[$doc_variante:meta])* $variante:ident = $codigo:literal, $texto:literal; )+
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $tipo {
            $( $(#[$doc_variante])* $variante, )+
        }

        /// Why no option was taken from the form. The message is shown under the field.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        pub enum $error {
            #[error($mensaje)]
            NoSeleccionado,
        }

        impl $tipo {
            /// Every option, in the order the form lists them.
            pub const TODOS: [$tipo; [$($codigo),+].len()] = [$($tipo::$variante),+];

            /// Stable identifier, used as the `<option>` value and in storage.
            pub fn codigo(self) -> &'static str {
                match self {
                    $( $tipo::$variante => $codigo, )+
                }
            }

            /// The option as shown to the person.
            pub fn texto(self) -> &'static str {
                match self {
                    $( $tipo::$variante => $texto, )+
                }
            }

            /// Reads the code sent by the form. An empty or unknown value means the person did
            /// not pick one of the listed options.
            pub fn parse(codigo: &str) -> Result<Self, $error> {
                Self::TODOS.into_iter().find(|o| o.codigo() == codigo.trim()).ok_or($error::NoSeleccionado)
            }
        }

        impl TryFrom<String> for $tipo {
            type Error = $error;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                $tipo::parse(&s)
            }
        }

        impl From<$tipo> for &'static str {
            fn from(opcion: $tipo) -> &'static str {
                opcion.codigo()
            }
        }
    };
}

lista_fija! {
    /// `Tipo de Documento`. The guide shows the select without its options. A foreigner who
    /// holds a Chilean cédula de extranjero has a RUN (the NIE) and registers as a Persona
    /// Natural (guide §1), so only documents issued abroad are listed.
    TipoDocumento;
    TipoDocumentoError: "Seleccione el tipo de documento.";
    /// Passport, the document a trainer travelling to Chile most often carries.
    Pasaporte = "pasaporte", "Pasaporte";
    /// National identity card issued by the country of origin (DNI, cédula, etc.).
    IdentidadExtranjera = "identidad_extranjera", "Documento de identidad del país de origen";
}

lista_fija! {
    /// `Sexo`. The guide shows a required select without its options: the two of the identity
    /// documents, plus a way not to answer, since the field is required but the data is not
    /// needed to issue a CS.
    Sexo;
    SexoError: "Seleccione el sexo.";
    Femenino = "femenino", "Femenino";
    Masculino = "masculino", "Masculino";
    NoInforma = "no_informa", "Prefiere no informar";
}

lista_fija! {
    /// `Estado Civil`: the civil statuses of Chilean law (Ley 20.830 added the civil union),
    /// plus `Separado(a)`, a status many countries of origin record. The guide shows no options.
    EstadoCivil;
    EstadoCivilError: "Seleccione el estado civil.";
    Soltero = "soltero", "Soltero(a)";
    Casado = "casado", "Casado(a)";
    Viudo = "viudo", "Viudo(a)";
    Divorciado = "divorciado", "Divorciado(a)";
    Separado = "separado", "Separado(a)";
    ConvivienteCivil = "conviviente_civil", "Conviviente civil";
}

/// How a facilitator is named in messages and lists: names and surnames, the second surname
/// only when there is one.
pub fn nombre_completo(nombres: &str, apellido_paterno: &str, apellido_materno: Option<&str>) -> String {
    [Some(nombres), Some(apellido_paterno), apellido_materno].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// `Número de documento de Identificación`, normalized: upper-case `A`–`Z` and `0`–`9` only,
/// e.g. `AB1234567`. Passports and foreign ID cards print the number with spaces, dots or
/// hyphens in many ways; the normalized form makes the same document compare equal however
/// it was typed.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumeroDocumento(String);

/// Why a text is not a document number. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumeroDocumentoError {
    #[error("Ingrese el número del documento de identificación.")]
    Vacio,
    #[error("El número de documento solo puede tener letras sin tilde (de la A a la Z) y números.")]
    Caracteres,
    #[error("El número de documento debe tener entre 5 y 20 letras o números.")]
    Largo,
    #[error("El número de documento debe incluir al menos un número.")]
    SinDigitos,
}

impl NumeroDocumento {
    /// Fewest characters, after normalization: shorter numbers are typos.
    pub const MIN: usize = 5;
    /// Most characters, after normalization (passports use 9, ID cards seldom more than 15).
    pub const MAX: usize = 20;

    /// Reads a document number as printed, ignoring spaces, dots and hyphens; letters may be
    /// lower-case. The letters of the machine-readable zone (`A`–`Z`) are the only ones
    /// accepted, so `Ñ` or accented letters are refused rather than guessed.
    pub fn parse(input: &str) -> Result<NumeroDocumento, NumeroDocumentoError> {
        let limpio: String = input
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-')))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if limpio.is_empty() {
            return Err(NumeroDocumentoError::Vacio);
        }
        if !limpio.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(NumeroDocumentoError::Caracteres);
        }
        if !(Self::MIN..=Self::MAX).contains(&limpio.len()) {
            return Err(NumeroDocumentoError::Largo);
        }
        if !limpio.bytes().any(|b| b.is_ascii_digit()) {
            return Err(NumeroDocumentoError::SinDigitos);
        }
        Ok(NumeroDocumento(limpio))
    }

    /// The normalized number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NumeroDocumento {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for NumeroDocumento {
    type Error = NumeroDocumentoError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        NumeroDocumento::parse(&s)
    }
}

impl From<NumeroDocumento> for String {
    fn from(numero: NumeroDocumento) -> String {
        numero.0
    }
}

/// `Nombres`, `Apellido Paterno` and `Apellido Materno`: trimmed, inner spaces collapsed, so
/// what is stored is what is shown. Letters of any alphabet are accepted (a foreigner's name
/// may be `Zoë`, `Łukasz` or `Nguyễn`), plus the apostrophe, hyphen and period names carry
/// (`O'Neill`, `Jean-Luc`, `Ma. José`).
///
/// `Apellido Materno` is optional: it is the only field of the guide's form without an
/// asterisk, and many foreigners have a single surname. Read it with
/// [`NombrePersona::parse_opcional`].
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NombrePersona(String);

/// Why a name is not acceptable. The messages are shown under the field that holds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NombreError {
    #[error("Este campo es obligatorio.")]
    Vacio,
    #[error("Puede tener como máximo 50 caracteres.")]
    Largo,
    #[error("Solo puede tener letras, espacios, apóstrofo ('), guion (-) y punto (.).")]
    Caracteres,
    #[error("Debe tener al menos una letra.")]
    SinLetras,
}

impl NombrePersona {
    /// Most characters a name may have, after normalization.
    pub const MAX: usize = 50;

    /// Trims, collapses inner whitespace and writes the typographic apostrophes (`’`, `´`) as
    /// `'`, so `O´Higgins` and `O'Higgins` are the same name. Accents typed as a separate
    /// combining mark (`e` + `◌́`, as some systems paste them) are kept after a letter.
    pub fn parse(input: &str) -> Result<NombrePersona, NombreError> {
        if input.chars().any(char::is_control) {
            return Err(NombreError::Caracteres);
        }
        let limpio: String = input
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| if matches!(c, '\u{2019}' | '\u{00B4}') { '\'' } else { c })
            .collect();
        if limpio.is_empty() {
            return Err(NombreError::Vacio);
        }
        let mut anterior: Option<char> = None;
        for c in limpio.chars() {
            let permitido = c.is_alphabetic()
                || matches!(c, ' ' | '\'' | '-' | '.')
                || (es_marca_combinante(c) && anterior.is_some_and(|a| a.is_alphabetic() || es_marca_combinante(a)));
            if !permitido {
                return Err(NombreError::Caracteres);
            }
            anterior = Some(c);
        }
        if limpio.chars().count() > Self::MAX {
            return Err(NombreError::Largo);
        }
        if !limpio.chars().any(char::is_alphabetic) {
            return Err(NombreError::SinLetras);
        }
        Ok(NombrePersona(limpio))
    }

    /// An optional name (`Apellido Materno`): blank means absent, anything else must be valid.
    pub fn parse_opcional(input: &str) -> Result<Option<NombrePersona>, NombreError> {
        if input.trim().is_empty() {
            return Ok(None);
        }
        Self::parse(input).map(Some)
    }

    /// The normalized name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Combining diacritical marks (U+0300–U+036F): an accent typed apart from its letter.
fn es_marca_combinante(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

impl fmt::Display for NombrePersona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for NombrePersona {
    type Error = NombreError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        NombrePersona::parse(&s)
    }
}

impl From<NombrePersona> for String {
    fn from(nombre: NombrePersona) -> String {
        nombre.0
    }
}

/// A day of the Gregorian calendar, years 1 to 9999. Field order makes the derived `Ord`
/// chronological. Built without a date library (no chrono in the browser bundle): the
/// server and the browser each read Chile's date from their own time zone data.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct Fecha {
    anio: u16,
    mes: u8,
    dia: u8,
}

/// Why a birth date is not acceptable. The messages are shown under `Fecha de Nacimiento`,
/// the only date the person types, so they speak of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FechaError {
    #[error("Ingrese la fecha de nacimiento.")]
    Vacia,
    #[error("Ingrese la fecha de nacimiento como día-mes-año, por ejemplo 01-12-1992.")]
    Formato,
    #[error("Esa fecha no existe en el calendario: revise el día y el mes.")]
    Inexistente,
    #[error("La fecha de nacimiento no puede ser posterior a hoy.")]
    Futura,
    #[error("El facilitador debe ser mayor de edad (18 años cumplidos).")]
    MenorDeEdad,
    #[error("Revise el año de nacimiento: la edad no puede superar los 100 años.")]
    EdadExcesiva,
}

impl Fecha {
    /// 0001-01-01 and 9999-12-31 as days since 1970-01-01: the range a `Fecha` can hold.
    const DIAS_MIN: i64 = Fecha { anio: 1, mes: 1, dia: 1 }.dias_unix();
    const DIAS_MAX: i64 = Fecha { anio: 9999, mes: 12, dia: 31 }.dias_unix();

    /// The date, if it exists: `Fecha::new(2024, 2, 29)` does, `Fecha::new(2023, 2, 29)` does not.
    pub fn new(anio: u16, mes: u8, dia: u8) -> Option<Fecha> {
        let valida =
            (1..=9999).contains(&anio) && (1..=12).contains(&mes) && dia >= 1 && dia <= dias_del_mes(anio, mes);
        valida.then_some(Fecha { anio, mes, dia })
    }

    /// Reads a date as the guide asks for it, `01-12-1992` (day-month-year; `1-12-1992` and
    /// `01/12/1992` too, since people type them), or year first as the browser's date picker
    /// sends it, `1992-12-01`. The year always has four digits, so `01-12-92` is not guessed.
    pub fn parse(input: &str) -> Result<Fecha, FechaError> {
        let texto = input.trim();
        if texto.is_empty() {
            return Err(FechaError::Vacia);
        }
        let separador = texto.chars().find(|c| matches!(c, '-' | '/')).ok_or(FechaError::Formato)?;
        let partes: Vec<&str> = texto.split(separador).collect();
        let [a, b, c] = partes[..] else {
            return Err(FechaError::Formato);
        };
        if ![a, b, c].iter().all(|p| !p.is_empty() && p.bytes().all(|d| d.is_ascii_digit())) {
            return Err(FechaError::Formato);
        }
        // All ASCII digits of at most four characters: the conversions cannot fail.
        let (anio, mes, dia) = match (a.len(), b.len(), c.len()) {
            (4, 2, 2) => (a, b, c),
            (1..=2, 1..=2, 4) => (c, b, a),
            _ => return Err(FechaError::Formato),
        };
        let numero = |p: &str| p.parse::<u16>().map_err(|_| FechaError::Formato);
        let (anio, mes, dia) = (numero(anio)?, numero(mes)?, numero(dia)?);
        Fecha::new(anio, mes as u8, dia as u8).ok_or(FechaError::Inexistente)
    }

    /// The date in UTC at a Unix time in seconds. Not Chile's date: late in Chile's evening
    /// UTC is already on the next day (the server's `backend::calendario::hoy` gives Chile's).
    pub fn desde_segundos_unix(segundos: i64) -> Fecha {
        Fecha::desde_dias_unix(segundos.div_euclid(86_400))
    }

    /// The date that is `dias` days after 1970-01-01 (negative: before). Clamped to the years
    /// 1 to 9999, beyond any clock. Howard Hinnant's `civil_from_days`, on 400-year eras.
    pub fn desde_dias_unix(dias: i64) -> Fecha {
        let z = dias.clamp(Self::DIAS_MIN, Self::DIAS_MAX) + 719_468;
        let era = z.div_euclid(146_097);
        let dia_era = z - era * 146_097; // [0, 146096]
        let anio_era = (dia_era - dia_era / 1_460 + dia_era / 36_524 - dia_era / 146_096) / 365; // [0, 399]
        let dia_anio = dia_era - (365 * anio_era + anio_era / 4 - anio_era / 100); // [0, 365], from 1 March
        let mes_marzo = (5 * dia_anio + 2) / 153; // [0, 11], 0 = March
        let dia = dia_anio - (153 * mes_marzo + 2) / 5 + 1;
        let mes = if mes_marzo < 10 { mes_marzo + 3 } else { mes_marzo - 9 };
        let anio = anio_era + era * 400 + i64::from(mes <= 2);
        Fecha { anio: anio as u16, mes: mes as u8, dia: dia as u8 }
    }

    /// Days since 1970-01-01 (negative: before): the inverse of [`Fecha::desde_dias_unix`].
    pub const fn dias_unix(self) -> i64 {
        let mes = self.mes as i64;
        let anio = self.anio as i64 - if mes <= 2 { 1 } else { 0 };
        let era = anio.div_euclid(400);
        let anio_era = anio - era * 400;
        let mes_marzo = if mes > 2 { mes - 3 } else { mes + 9 };
        let dia_anio = (153 * mes_marzo + 2) / 5 + self.dia as i64 - 1;
        let dia_era = anio_era * 365 + anio_era / 4 - anio_era / 100 + dia_anio;
        era * 146_097 + dia_era - 719_468
    }

    /// Whole years from `self` to `hoy` (0 if `hoy` is earlier). Someone born on 29 February
    /// has a birthday on 1 March in common years.
    pub fn anios_hasta(self, hoy: Fecha) -> u16 {
        if hoy < self {
            return 0;
        }
        let cumplio = (hoy.mes, hoy.dia) >= (self.mes, self.dia);
        hoy.anio - self.anio - u16::from(!cumplio)
    }

    /// As the guide writes dates: `01-12-1992`.
    pub fn formato(self) -> String {
        format!("{:02}-{:02}-{:04}", self.dia, self.mes, self.anio)
    }

    /// ISO 8601, for storage and for the date picker's `value`: `1992-12-01`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.anio, self.mes, self.dia)
    }
}

fn es_bisiesto(anio: u16) -> bool {
    (anio.is_multiple_of(4) && !anio.is_multiple_of(100)) || anio.is_multiple_of(400)
}

fn dias_del_mes(anio: u16, mes: u8) -> u8 {
    match mes {
        2 if es_bisiesto(anio) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Shows the date as the guide does: `01-12-1992`.
impl fmt::Display for Fecha {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formato())
    }
}

/// Travels in ISO form, `1992-12-01`, so stored dates sort and compare as text.
impl Serialize for Fecha {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// Goes through [`Fecha::parse`], so a date that does not exist is refused at the boundary.
impl<'de> Deserialize<'de> for Fecha {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let texto = String::deserialize(deserializer)?;
        Fecha::parse(&texto).map_err(serde::de::Error::custom)
    }
}

/// `Fecha de Nacimiento` of an adult: not in the future, between 18 and 100 years old on
/// the day the request is made.
///
/// Only serialized (as [`Fecha`], `1992-12-01`): whether it is acceptable depends on today's
/// date, so on the way in it is parsed again with [`FechaNacimiento::parse`]. A date read
/// back from storage is a plain [`Fecha`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(transparent)]
pub struct FechaNacimiento(Fecha);

impl FechaNacimiento {
    /// Youngest age accepted: a trainer signs contracts and a sworn declaration.
    pub const EDAD_MINIMA: u16 = 18;
    /// Oldest age accepted: anything older is a typo in the year (`1892` for `1992`).
    pub const EDAD_MAXIMA: u16 = 100;

    /// Reads the date as [`Fecha::parse`] does and checks the age on `hoy`, Chile's date
    /// when the form is checked (passed in, so the rule is testable without a clock).
    pub fn parse(input: &str, hoy: Fecha) -> Result<FechaNacimiento, FechaError> {
        let fecha = Fecha::parse(input)?;
        if fecha > hoy {
            return Err(FechaError::Futura);
        }
        match fecha.anios_hasta(hoy) {
            edad if edad < Self::EDAD_MINIMA => Err(FechaError::MenorDeEdad),
            edad if edad > Self::EDAD_MAXIMA => Err(FechaError::EdadExcesiva),
            _ => Ok(FechaNacimiento(fecha)),
        }
    }

    /// As the guide writes it: `01-12-1992`.
    pub fn formato(self) -> String {
        self.0.formato()
    }

    /// For storage: `1992-12-01`.
    pub fn iso(self) -> String {
        self.0.iso()
    }
}

impl fmt::Display for FechaNacimiento {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `Cantidad de Hijos`: a whole number from 0 to 30.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct CantidadHijos(u8);

/// Why a number of children is not acceptable. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CantidadHijosError {
    #[error("Ingrese la cantidad de hijos (0 si no tiene).")]
    Vacia,
    #[error("Ingrese la cantidad de hijos como un número entero, sin puntos ni letras.")]
    NoNumero,
    #[error("La cantidad de hijos debe estar entre 0 y 30.")]
    FueraDeRango,
}

impl CantidadHijos {
    /// Largest number accepted: beyond it, a typo.
    pub const MAX: u8 = 30;

    /// Reads the number typed in the field (surrounding spaces ignored). A negative number
    /// is out of range rather than "not a number", which says better what to fix.
    pub fn parse(input: &str) -> Result<CantidadHijos, CantidadHijosError> {
        let texto = input.trim();
        if texto.is_empty() {
            return Err(CantidadHijosError::Vacia);
        }
        let (negativo, digitos) = match texto.strip_prefix('-') {
            Some(resto) => (true, resto),
            None => (false, texto.strip_prefix('+').unwrap_or(texto)),
        };
        if digitos.is_empty() || !digitos.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CantidadHijosError::NoNumero);
        }
        let significativos = digitos.trim_start_matches('0');
        if negativo && !significativos.is_empty() {
            return Err(CantidadHijosError::FueraDeRango);
        }
        // At most two significant digits fit in the range; longer numbers cannot overflow u8.
        match significativos.len() {
            0 => Ok(CantidadHijos(0)),
            1 | 2 => CantidadHijos::try_from(significativos.parse::<u8>().map_err(|_| CantidadHijosError::NoNumero)?),
            _ => Err(CantidadHijosError::FueraDeRango),
        }
    }

    pub fn valor(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for CantidadHijos {
    type Error = CantidadHijosError;

    fn try_from(n: u8) -> Result<Self, Self::Error> {
        if n > Self::MAX {
            return Err(CantidadHijosError::FueraDeRango);
        }
        Ok(CantidadHijos(n))
    }
}

impl From<CantidadHijos> for u8 {
    fn from(cantidad: CantidadHijos) -> u8 {
        cantidad.0
    }
}

impl fmt::Display for CantidadHijos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `Pais de Origen`: a country of ISO 3166-1, by its alpha-2 code, with its Spanish name.
/// Chile is not in the list: the trainer is a foreigner. Only the entries of [`Pais::TODOS`]
/// exist, so a `Pais` is always a listed one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Pais {
    codigo: &'static str,
    nombre: &'static str,
}

/// Why no country was taken from the form. The message is shown under the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaisError {
    #[error("Seleccione un país de la lista.")]
    NoSeleccionado,
}

impl Pais {
    /// Every country but Chile, sorted by Spanish name as the select lists them.
    pub const TODOS: &'static [Pais] = &PAISES;

    /// The ISO 3166-1 alpha-2 code, upper-case: the `<option>` value and the stored value.
    pub fn codigo(self) -> &'static str {
        self.codigo
    }

    /// The Spanish name, as shown in the select.
    pub fn nombre(self) -> &'static str {
        self.nombre
    }

    /// Reads the code sent by the form, in either case (`ar` or `AR`). An empty or unknown
    /// code, Chile's included, means the person did not pick a listed country.
    pub fn parse(codigo: &str) -> Result<Pais, PaisError> {
        let codigo = codigo.trim();
        Self::TODOS.iter().copied().find(|p| p.codigo.eq_ignore_ascii_case(codigo)).ok_or(PaisError::NoSeleccionado)
    }
}

impl fmt::Display for Pais {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.nombre)
    }
}

/// Travels as the bare ISO code, the stable identifier (names may change spelling).
impl Serialize for Pais {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.codigo)
    }
}

/// Goes through [`Pais::parse`], so a forged code (or Chile's) is refused at the boundary.
impl<'de> Deserialize<'de> for Pais {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let codigo = String::deserialize(deserializer)?;
        Pais::parse(&codigo).map_err(serde::de::Error::custom)
    }
}

const fn p(codigo: &'static str, nombre: &'static str) -> Pais {
    Pais { codigo, nombre }
}

// Source: ISO 3166-1 (249 codes) as published by Debian's iso-codes, Spanish names from its
// translation, with the short names used in Spanish-speaking America where the translation
// gives the formal or a misspelled one (`Bolivia`, `Corea del Sur`, `Argelia`, `Túnez`).
// Chile (CL) left out. Sorted as Spanish sorts: accents ignored, ñ after n.
// A `static`, not a `const`: every crate that used a `const` list compiled its own copy of the
// names into the browser's code.
static PAISES: [Pais; 248] = [
    p("AF", "Afganistán"),
    p("AL", "Albania"),
    p("DE", "Alemania"),
    p("AD", "Andorra"),
    p("AO", "Angola"),
    p("AI", "Anguila"),
    p("AQ", "Antártida"),
    p("AG", "Antigua y Barbuda"),
    p("SA", "Arabia Saudí"),
    p("DZ", "Argelia"),
    p("AR", "Argentina"),
    p("AM", "Armenia"),
    p("AW", "Aruba"),
    p("AU", "Australia"),
    p("AT", "Austria"),
    p("AZ", "Azerbaiyán"),
    p("BS", "Bahamas"),
    p("BD", "Bangladés"),
    p("BB", "Barbados"),
    p("BH", "Baréin"),
    p("BE", "Bélgica"),
    p("BZ", "Belice"),
    p("BJ", "Benín"),
    p("BM", "Bermudas"),
    p("BY", "Bielorrusia"),
    p("BO", "Bolivia"),
    p("BA", "Bosnia y Herzegovina"),
    p("BW", "Botsuana"),
    p("BR", "Brasil"),
    p("BN", "Brunéi"),
    p("BG", "Bulgaria"),
    p("BF", "Burkina Faso"),
    p("BI", "Burundi"),
    p("BT", "Bután"),
    p("CV", "Cabo Verde"),
    p("KH", "Camboya"),
    p("CM", "Camerún"),
    p("CA", "Canadá"),
    p("BQ", "Caribe neerlandés"),
    p("QA", "Catar"),
    p("TD", "Chad"),
    p("CZ", "Chequia"),
    p("CN", "China"),
    p("CY", "Chipre"),
    p("VA", "Ciudad del Vaticano"),
    p("CO", "Colombia"),
    p("KM", "Comoras"),
    p("CG", "Congo"),
    p("KP", "Corea del Norte"),
    p("KR", "Corea del Sur"),
    p("CI", "Costa de Marfil"),
    p("CR", "Costa Rica"),
    p("HR", "Croacia"),
    p("CU", "Cuba"),
    p("CW", "Curazao"),
    p("DK", "Dinamarca"),
    p("DM", "Dominica"),
    p("EC", "Ecuador"),
    p("EG", "Egipto"),
    p("SV", "El Salvador"),
    p("AE", "Emiratos Árabes Unidos"),
    p("ER", "Eritrea"),
    p("SK", "Eslovaquia"),
    p("SI", "Eslovenia"),
    p("ES", "España"),
    p("US", "Estados Unidos"),
    p("EE", "Estonia"),
    p("SZ", "Esuatini"),
    p("ET", "Etiopía"),
    p("PH", "Filipinas"),
    p("FI", "Finlandia"),
    p("FJ", "Fiyi"),
    p("FR", "Francia"),
    p("GA", "Gabón"),
    p("GM", "Gambia"),
    p("GE", "Georgia"),
    p("GH", "Ghana"),
    p("GI", "Gibraltar"),
    p("GD", "Granada"),
    p("GR", "Grecia"),
    p("GL", "Groenlandia"),
    p("GP", "Guadalupe"),
    p("GU", "Guam"),
    p("GT", "Guatemala"),
    p("GF", "Guayana Francesa"),
    p("GG", "Guernsey"),
    p("GN", "Guinea"),
    p("GQ", "Guinea Ecuatorial"),
    p("GW", "Guinea-Bisáu"),
    p("GY", "Guyana"),
    p("HT", "Haití"),
    p("HN", "Honduras"),
    p("HK", "Hong Kong"),
    p("HU", "Hungría"),
    p("IN", "India"),
    p("ID", "Indonesia"),
    p("IQ", "Irak"),
    p("IR", "Irán"),
    p("IE", "Irlanda"),
    p("BV", "Isla Bouvet"),
    p("IM", "Isla de Man"),
    p("CX", "Isla de Navidad"),
    p("NF", "Isla Norfolk"),
    p("IS", "Islandia"),
    p("AX", "Islas Åland"),
    p("KY", "Islas Caimán"),
    p("CC", "Islas Cocos"),
    p("CK", "Islas Cook"),
    p("FO", "Islas Feroe"),
    p("GS", "Islas Georgias del Sur y Sándwich del Sur"),
    p("HM", "Islas Heard y McDonald"),
    p("FK", "Islas Malvinas"),
    p("MP", "Islas Marianas del Norte"),
    p("MH", "Islas Marshall"),
    p("PN", "Islas Pitcairn"),
    p("SB", "Islas Salomón"),
    p("TC", "Islas Turcas y Caicos"),
    p("UM", "Islas Ultramarinas Menores de los Estados Unidos"),
    p("VG", "Islas Vírgenes Británicas"),
    p("VI", "Islas Vírgenes de los Estados Unidos"),
    p("IL", "Israel"),
    p("IT", "Italia"),
    p("JM", "Jamaica"),
    p("JP", "Japón"),
    p("JE", "Jersey"),
    p("JO", "Jordania"),
    p("KZ", "Kazajistán"),
    p("KE", "Kenia"),
    p("KG", "Kirguistán"),
    p("KI", "Kiribati"),
    p("KW", "Kuwait"),
    p("LA", "Laos"),
    p("LS", "Lesoto"),
    p("LV", "Letonia"),
    p("LB", "Líbano"),
    p("LR", "Liberia"),
    p("LY", "Libia"),
    p("LI", "Liechtenstein"),
    p("LT", "Lituania"),
    p("LU", "Luxemburgo"),
    p("MO", "Macao"),
    p("MK", "Macedonia del Norte"),
    p("MG", "Madagascar"),
    p("MY", "Malasia"),
    p("MW", "Malaui"),
    p("MV", "Maldivas"),
    p("ML", "Malí"),
    p("MT", "Malta"),
    p("MA", "Marruecos"),
    p("MQ", "Martinica"),
    p("MU", "Mauricio"),
    p("MR", "Mauritania"),
    p("YT", "Mayotte"),
    p("MX", "México"),
    p("FM", "Micronesia"),
    p("MD", "Moldavia"),
    p("MC", "Mónaco"),
    p("MN", "Mongolia"),
    p("ME", "Montenegro"),
    p("MS", "Montserrat"),
    p("MZ", "Mozambique"),
    p("MM", "Myanmar (Birmania)"),
    p("NA", "Namibia"),
    p("NR", "Nauru"),
    p("NP", "Nepal"),
    p("NI", "Nicaragua"),
    p("NE", "Níger"),
    p("NG", "Nigeria"),
    p("NU", "Niue"),
    p("NO", "Noruega"),
    p("NC", "Nueva Caledonia"),
    p("NZ", "Nueva Zelanda"),
    p("OM", "Omán"),
    p("NL", "Países Bajos"),
    p("PK", "Pakistán"),
    p("PW", "Palaos"),
    p("PS", "Palestina"),
    p("PA", "Panamá"),
    p("PG", "Papúa Nueva Guinea"),
    p("PY", "Paraguay"),
    p("PE", "Perú"),
    p("PF", "Polinesia Francesa"),
    p("PL", "Polonia"),
    p("PT", "Portugal"),
    p("PR", "Puerto Rico"),
    p("GB", "Reino Unido"),
    p("CF", "República Centroafricana"),
    p("CD", "República Democrática del Congo"),
    p("DO", "República Dominicana"),
    p("RE", "Reunión"),
    p("RW", "Ruanda"),
    p("RO", "Rumanía"),
    p("RU", "Rusia"),
    p("EH", "Sahara Occidental"),
    p("WS", "Samoa"),
    p("AS", "Samoa Estadounidense"),
    p("BL", "San Bartolomé"),
    p("KN", "San Cristóbal y Nieves"),
    p("SM", "San Marino"),
    p("MF", "San Martín"),
    p("PM", "San Pedro y Miquelón"),
    p("VC", "San Vicente y las Granadinas"),
    p("SH", "Santa Elena, Ascensión y Tristán de Acuña"),
    p("LC", "Santa Lucía"),
    p("ST", "Santo Tomé y Príncipe"),
    p("SN", "Senegal"),
    p("RS", "Serbia"),
    p("SC", "Seychelles"),
    p("SL", "Sierra Leona"),
    p("SG", "Singapur"),
    p("SX", "Sint Maarten"),
    p("SY", "Siria"),
    p("SO", "Somalia"),
    p("LK", "Sri Lanka"),
    p("ZA", "Sudáfrica"),
    p("SD", "Sudán"),
    p("SS", "Sudán del Sur"),
    p("SE", "Suecia"),
    p("CH", "Suiza"),
    p("SR", "Surinam"),
    p("SJ", "Svalbard y Jan Mayen"),
    p("TH", "Tailandia"),
    p("TW", "Taiwán"),
    p("TZ", "Tanzania"),
    p("TJ", "Tayikistán"),
    p("IO", "Territorio Británico del Océano Índico"),
    p("TF", "Territorios Australes Franceses"),
    p("TL", "Timor Oriental"),
    p("TG", "Togo"),
    p("TK", "Tokelau"),
    p("TO", "Tonga"),
    p("TT", "Trinidad y Tobago"),
    p("TN", "Túnez"),
    p("TM", "Turkmenistán"),
    p("TR", "Turquía"),
    p("TV", "Tuvalu"),
    p("UA", "Ucrania"),
    p("UG", "Uganda"),
    p("UY", "Uruguay"),
    p("UZ", "Uzbekistán"),
    p("VU", "Vanuatu"),
    p("VE", "Venezuela"),
    p("VN", "Vietnam"),
    p("WF", "Wallis y Futuna"),
    p("YE", "Yemen"),
    p("DJ", "Yibuti"),
    p("ZM", "Zambia"),
    p("ZW", "Zimbabue"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fecha(anio: u16, mes: u8, dia: u8) -> Fecha {
        Fecha::new(anio, mes, dia).unwrap()
    }

    // ---- Fixed lists ----

    #[test]
    fn listas_fijas_ida_y_vuelta() {
        fn revisar<T: Copy + PartialEq + fmt::Debug, E: PartialEq + fmt::Debug>(
            todos: &[T],
            codigo: fn(T) -> &'static str,
            texto: fn(T) -> &'static str,
            parse: fn(&str) -> Result<T, E>,
        ) {
            for &opcion in todos {
                assert_eq!(parse(codigo(opcion)), Ok(opcion));
                assert_eq!(parse(&format!(" {} ", codigo(opcion))), Ok(opcion));
                assert!(parse(texto(opcion)).is_err(), "{}", texto(opcion));
                assert!(parse(&codigo(opcion).to_uppercase()).is_err());
            }
            let mut codigos: Vec<_> = todos.iter().map(|&o| codigo(o)).collect();
            codigos.sort_unstable();
            codigos.dedup();
            assert_eq!(codigos.len(), todos.len());
            for malo in ["", "  ", "otro"] {
                assert!(parse(malo).is_err());
            }
        }
        revisar(&TipoDocumento::TODOS, TipoDocumento::codigo, TipoDocumento::texto, TipoDocumento::parse);
        revisar(&Sexo::TODOS, Sexo::codigo, Sexo::texto, Sexo::parse);
        revisar(&EstadoCivil::TODOS, EstadoCivil::codigo, EstadoCivil::texto, EstadoCivil::parse);
    }

    #[test]
    fn listas_fijas_contenido() {
        assert_eq!(TipoDocumento::TODOS, [TipoDocumento::Pasaporte, TipoDocumento::IdentidadExtranjera]);
        assert_eq!(TipoDocumento::Pasaporte.texto(), "Pasaporte");
        assert_eq!(TipoDocumento::IdentidadExtranjera.codigo(), "identidad_extranjera");
        assert_eq!(TipoDocumento::IdentidadExtranjera.texto(), "Documento de identidad del país de origen");
        let textos: Vec<_> = Sexo::TODOS.iter().map(|s| s.texto()).collect();
        assert_eq!(textos, ["Femenino", "Masculino", "Prefiere no informar"]);
        let textos: Vec<_> = EstadoCivil::TODOS.iter().map(|e| e.texto()).collect();
        assert_eq!(
            textos,
            ["Soltero(a)", "Casado(a)", "Viudo(a)", "Divorciado(a)", "Separado(a)", "Conviviente civil"]
        );
        assert_eq!(EstadoCivil::parse("conviviente_civil"), Ok(EstadoCivil::ConvivienteCivil));
    }

    #[test]
    fn listas_fijas_mensajes() {
        assert_eq!(TipoDocumento::parse(""), Err(TipoDocumentoError::NoSeleccionado));
        assert_eq!(Sexo::parse("x"), Err(SexoError::NoSeleccionado));
        assert_eq!(EstadoCivil::parse("Soltero(a)"), Err(EstadoCivilError::NoSeleccionado));
        assert_eq!(TipoDocumentoError::NoSeleccionado.to_string(), "Seleccione el tipo de documento.");
        assert_eq!(SexoError::NoSeleccionado.to_string(), "Seleccione el sexo.");
        assert_eq!(EstadoCivilError::NoSeleccionado.to_string(), "Seleccione el estado civil.");
    }

    #[test]
    fn listas_fijas_serde_por_codigo() {
        assert_eq!(serde_json::to_string(&TipoDocumento::Pasaporte).unwrap(), "\"pasaporte\"");
        assert_eq!(serde_json::to_string(&Sexo::NoInforma).unwrap(), "\"no_informa\"");
        assert_eq!(serde_json::to_string(&EstadoCivil::Viudo).unwrap(), "\"viudo\"");
        assert_eq!(serde_json::from_str::<Sexo>("\"femenino\"").unwrap(), Sexo::Femenino);
        assert_eq!(serde_json::from_str::<EstadoCivil>("\"casado\"").unwrap(), EstadoCivil::Casado);
        assert!(serde_json::from_str::<TipoDocumento>("\"Pasaporte\"").is_err());
        assert!(serde_json::from_str::<Sexo>("\"\"").is_err());
    }

    // ---- Número de documento ----

    #[test]
    fn documento_normalizado() {
        for (entrada, esperado) in [
            ("AB1234567", "AB1234567"),
            ("ab1234567", "AB1234567"),
            (" ab 123.456-7 ", "AB1234567"),
            ("12.345.678", "12345678"),
            ("X-12345", "X12345"),
            ("a1234", "A1234"),
            ("1\u{a0}2 3\t4\n5", "12345"),
        ] {
            let numero = NumeroDocumento::parse(entrada).unwrap();
            assert_eq!(numero.as_str(), esperado, "{entrada:?}");
            assert_eq!(numero.to_string(), esperado);
        }
    }

    #[test]
    fn documento_largo_en_los_bordes() {
        assert!(NumeroDocumento::parse("A1234").is_ok());
        assert!(NumeroDocumento::parse("A-1.2 3-4").is_ok());
        assert_eq!(NumeroDocumento::parse("A123"), Err(NumeroDocumentoError::Largo));
        assert_eq!(NumeroDocumento::parse("1"), Err(NumeroDocumentoError::Largo));
        assert!(NumeroDocumento::parse(&"9".repeat(20)).is_ok());
        assert_eq!(NumeroDocumento::parse(&"9".repeat(21)), Err(NumeroDocumentoError::Largo));
        // Separators do not count.
        assert!(NumeroDocumento::parse(&"12.".repeat(10)).is_ok());
    }

    #[test]
    fn documento_rechaza() {
        for vacio in ["", "   ", " .-. ", "-"] {
            assert_eq!(NumeroDocumento::parse(vacio), Err(NumeroDocumentoError::Vacio), "{vacio:?}");
        }
        for malo in ["AÑ123456", "ÁB123456", "AB_123456", "12345/67", "AB123#", "١٢٣٤٥٦", "ＡＢ12345", "12345ß"]
        {
            assert_eq!(NumeroDocumento::parse(malo), Err(NumeroDocumentoError::Caracteres), "{malo:?}");
        }
        for sin_digitos in ["ABCDE", "pasaporte"] {
            assert_eq!(NumeroDocumento::parse(sin_digitos), Err(NumeroDocumentoError::SinDigitos));
        }
    }

    #[test]
    fn documento_mensajes_y_serde() {
        assert_eq!(NumeroDocumentoError::Vacio.to_string(), "Ingrese el número del documento de identificación.");
        assert_eq!(
            NumeroDocumentoError::Caracteres.to_string(),
            "El número de documento solo puede tener letras sin tilde (de la A a la Z) y números."
        );
        assert_eq!(
            NumeroDocumentoError::Largo.to_string(),
            "El número de documento debe tener entre 5 y 20 letras o números."
        );
        assert_eq!(
            NumeroDocumentoError::SinDigitos.to_string(),
            "El número de documento debe incluir al menos un número."
        );
        let numero = NumeroDocumento::parse("ab-123.456").unwrap();
        assert_eq!(serde_json::to_string(&numero).unwrap(), "\"AB123456\"");
        assert_eq!(serde_json::from_str::<NumeroDocumento>("\"ab 123 456\"").unwrap(), numero);
        assert!(serde_json::from_str::<NumeroDocumento>("\"AB1\"").is_err());
    }

    // ---- Nombres y apellidos ----

    #[test]
    fn nombre_normalizado() {
        for (entrada, esperado) in [
            ("  María   José ", "María José"),
            ("Ñuñez", "Ñuñez"),
            ("O'Neill", "O'Neill"),
            ("O\u{2019}Neill", "O'Neill"),
            ("O\u{b4}Higgins", "O'Higgins"),
            ("Jean-Luc", "Jean-Luc"),
            ("Ma. José", "Ma. José"),
            ("Zoë", "Zoë"),
            ("Łukasz", "Łukasz"),
            ("Nguyễn", "Nguyễn"),
            ("Müller", "Müller"),
            ("李", "李"),
            ("Jose\u{301}", "Jose\u{301}"),
            ("A", "A"),
            ("van der\u{a0}Berg", "van der Berg"),
        ] {
            let nombre = NombrePersona::parse(entrada).unwrap();
            assert_eq!(nombre.as_str(), esperado, "{entrada:?}");
            assert_eq!(nombre.to_string(), esperado);
        }
    }

    #[test]
    fn nombre_rechaza() {
        for vacio in ["", "   ", "\u{a0}"] {
            assert_eq!(NombrePersona::parse(vacio), Err(NombreError::Vacio), "{vacio:?}");
        }
        for malo in
            ["Juan2", "Ana@", "Ana_María", "Ana\tMaría", "Ana\u{0}", "\u{301}Ana", "Ana \u{301}", "😀", "Ana/Bea"]
        {
            assert_eq!(NombrePersona::parse(malo), Err(NombreError::Caracteres), "{malo:?}");
        }
        for sin_letras in ["-", ".", "' - ."] {
            assert_eq!(NombrePersona::parse(sin_letras), Err(NombreError::SinLetras), "{sin_letras:?}");
        }
        assert!(NombrePersona::parse(&"ñ".repeat(50)).is_ok());
        assert_eq!(NombrePersona::parse(&"a".repeat(51)), Err(NombreError::Largo));
        // Spaces that collapse do not count.
        assert!(NombrePersona::parse(&format!("  {}      {}  ", "a".repeat(24), "b".repeat(25))).is_ok());
    }

    #[test]
    fn apellido_materno_opcional() {
        assert_eq!(NombrePersona::parse_opcional(""), Ok(None));
        assert_eq!(NombrePersona::parse_opcional("   "), Ok(None));
        assert_eq!(NombrePersona::parse_opcional(" Pérez ").unwrap().unwrap().as_str(), "Pérez");
        assert_eq!(NombrePersona::parse_opcional("P3rez"), Err(NombreError::Caracteres));
        assert_eq!(NombrePersona::parse_opcional("-"), Err(NombreError::SinLetras));
    }

    #[test]
    fn nombre_mensajes_y_serde() {
        assert_eq!(NombreError::Vacio.to_string(), "Este campo es obligatorio.");
        assert_eq!(NombreError::Largo.to_string(), "Puede tener como máximo 50 caracteres.");
        assert_eq!(
            NombreError::Caracteres.to_string(),
            "Solo puede tener letras, espacios, apóstrofo ('), guion (-) y punto (.)."
        );
        assert_eq!(NombreError::SinLetras.to_string(), "Debe tener al menos una letra.");
        let nombre = NombrePersona::parse(" Jean   Luc ").unwrap();
        assert_eq!(serde_json::to_string(&nombre).unwrap(), "\"Jean Luc\"");
        assert_eq!(serde_json::from_str::<NombrePersona>("\"Jean  Luc\"").unwrap(), nombre);
        assert!(serde_json::from_str::<NombrePersona>("\"R2D2\"").is_err());
    }

    // ---- Fechas ----

    #[test]
    fn calendario_real() {
        assert!(Fecha::new(2024, 2, 29).is_some());
        assert!(Fecha::new(2000, 2, 29).is_some());
        assert!(Fecha::new(2023, 2, 29).is_none());
        assert!(Fecha::new(1900, 2, 29).is_none());
        assert!(Fecha::new(2023, 2, 28).is_some());
        assert!(Fecha::new(2023, 4, 31).is_none());
        assert!(Fecha::new(2023, 12, 31).is_some());
        for (anio, mes, dia) in [(2023, 0, 1), (2023, 13, 1), (2023, 1, 0), (2023, 1, 32), (0, 1, 1), (10_000, 1, 1)] {
            assert!(Fecha::new(anio, mes, dia).is_none(), "{anio}-{mes}-{dia}");
        }
        let f = fecha(1992, 12, 1);
        assert_eq!((f.anio, f.mes, f.dia), (1992, 12, 1));
        assert!(fecha(1992, 12, 1) < fecha(1992, 12, 2));
        assert!(fecha(1992, 12, 31) < fecha(1993, 1, 1));
    }

    #[test]
    fn fecha_acepta_los_formatos() {
        let esperada = fecha(1992, 12, 1);
        for entrada in
            ["01-12-1992", "1-12-1992", "01/12/1992", "1/12/1992", " 01-12-1992 ", "1992-12-01", "1992/12/01"]
        {
            assert_eq!(Fecha::parse(entrada), Ok(esperada), "{entrada:?}");
        }
        assert_eq!(Fecha::parse("5-3-1980"), Ok(fecha(1980, 3, 5)));
        assert_eq!(Fecha::parse("29-02-2000"), Ok(fecha(2000, 2, 29)));
        assert_eq!(Fecha::parse("2024-02-29"), Ok(fecha(2024, 2, 29)));
    }

    #[test]
    fn fecha_rechaza() {
        for vacia in ["", "   "] {
            assert_eq!(Fecha::parse(vacia), Err(FechaError::Vacia));
        }
        for malo in [
            "01-12-92",
            "01.12.1992",
            "01121992",
            "01-12",
            "01-12-1992-",
            "-01-12-1992",
            "01-12-1992x",
            "001-12-1992",
            "01-12-01992",
            "1992-1-01",
            "1992-12-1",
            "01 12 1992",
            "01-12/1992",
            "01--1992",
            "１-12-1992",
            "+1-12-1992",
            "uno-doce-1992",
        ] {
            assert_eq!(Fecha::parse(malo), Err(FechaError::Formato), "{malo:?}");
        }
        for inexistente in [
            "29-02-2023",
            "29-02-1900",
            "31-04-2000",
            "00-01-2000",
            "01-00-2000",
            "01-13-2000",
            "32-01-2000",
            "01-01-0000",
            "2023-02-29",
        ] {
            assert_eq!(Fecha::parse(inexistente), Err(FechaError::Inexistente), "{inexistente:?}");
        }
    }

    #[test]
    fn fecha_formatos_de_salida() {
        let f = fecha(1992, 12, 1);
        assert_eq!(f.formato(), "01-12-1992");
        assert_eq!(f.iso(), "1992-12-01");
        assert_eq!(f.to_string(), "01-12-1992");
        assert_eq!(fecha(7, 3, 9).iso(), "0007-03-09");
        assert_eq!(Fecha::parse(&fecha(7, 3, 9).formato()), Ok(fecha(7, 3, 9)));
    }

    #[test]
    fn fecha_desde_unix() {
        assert_eq!(Fecha::desde_dias_unix(0), fecha(1970, 1, 1));
        assert_eq!(Fecha::desde_dias_unix(-1), fecha(1969, 12, 31));
        assert_eq!(Fecha::desde_dias_unix(11_016), fecha(2000, 2, 29));
        assert_eq!(Fecha::desde_dias_unix(19_723), fecha(2024, 1, 1));
        assert_eq!(Fecha::desde_segundos_unix(0), fecha(1970, 1, 1));
        assert_eq!(Fecha::desde_segundos_unix(-1), fecha(1969, 12, 31));
        assert_eq!(Fecha::desde_segundos_unix(86_399), fecha(1970, 1, 1));
        assert_eq!(Fecha::desde_segundos_unix(86_400), fecha(1970, 1, 2));
        // 2023-11-14 22:13:20 UTC, still the 14th in Chile (UTC-3).
        assert_eq!(Fecha::desde_segundos_unix(1_700_000_000), fecha(2023, 11, 14));
        assert_eq!(Fecha::desde_segundos_unix(1_700_000_000 - 3 * 3600), fecha(2023, 11, 14));
        // Clamped to the years a Fecha can hold.
        assert_eq!(Fecha::desde_dias_unix(i64::MIN), fecha(1, 1, 1));
        assert_eq!(Fecha::desde_dias_unix(i64::MAX), fecha(9999, 12, 31));
        assert_eq!(Fecha::desde_segundos_unix(i64::MIN), fecha(1, 1, 1));
        assert_eq!(Fecha::desde_segundos_unix(i64::MAX), fecha(9999, 12, 31));
        assert_eq!(fecha(1, 1, 1).dias_unix(), -719_162);
        assert_eq!(fecha(1970, 1, 1).dias_unix(), 0);
    }

    /// Walks the calendar day by day with `Fecha::new` alone and checks the Unix-day
    /// arithmetic against it, across three leap-century rules (1700, 1900 not leap; 2000 leap).
    #[test]
    fn dias_unix_contra_calendario_dia_a_dia() {
        let mut f = fecha(1600, 1, 1);
        let mut dias = f.dias_unix();
        while f.anio <= 2400 {
            assert_eq!(Fecha::desde_dias_unix(dias), f);
            assert_eq!(f.dias_unix(), dias);
            f = Fecha::new(f.anio, f.mes, f.dia + 1)
                .or_else(|| Fecha::new(f.anio, f.mes + 1, 1))
                .unwrap_or_else(|| fecha(f.anio + 1, 1, 1));
            dias += 1;
        }
    }

    #[test]
    fn fecha_serde() {
        let f = fecha(1992, 12, 1);
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"1992-12-01\"");
        assert_eq!(serde_json::from_str::<Fecha>("\"1992-12-01\"").unwrap(), f);
        assert_eq!(serde_json::from_str::<Fecha>("\"01-12-1992\"").unwrap(), f);
        assert!(serde_json::from_str::<Fecha>("\"2023-02-29\"").is_err());
        let nacimiento = FechaNacimiento::parse("01-12-1992", fecha(2026, 5, 15)).unwrap();
        assert_eq!(serde_json::to_string(&nacimiento).unwrap(), "\"1992-12-01\"");
    }

    #[test]
    fn nacimiento_limites_de_edad() {
        let hoy = fecha(2026, 5, 15);
        let n = FechaNacimiento::parse("15-05-2008", hoy).unwrap();
        assert_eq!(n.0.anios_hasta(hoy), 18);
        assert_eq!(n.0, fecha(2008, 5, 15));
        assert_eq!(n.formato(), "15-05-2008");
        assert_eq!(n.iso(), "2008-05-15");
        assert_eq!(n.to_string(), "15-05-2008");
        assert_eq!(FechaNacimiento::parse("2008-05-15", hoy), Ok(n));
        assert_eq!(FechaNacimiento::parse("16-05-2008", hoy), Err(FechaError::MenorDeEdad));
        assert_eq!(FechaNacimiento::parse("15-05-2026", hoy), Err(FechaError::MenorDeEdad));
        assert_eq!(FechaNacimiento::parse("16-05-2026", hoy), Err(FechaError::Futura));
        assert_eq!(FechaNacimiento::parse("01-01-3000", hoy), Err(FechaError::Futura));
        // 100 years old is accepted until the day before turning 101.
        assert_eq!(FechaNacimiento::parse("16-05-1925", hoy).unwrap().0.anios_hasta(hoy), 100);
        assert_eq!(FechaNacimiento::parse("15-05-1926", hoy).unwrap().0.anios_hasta(hoy), 100);
        assert_eq!(FechaNacimiento::parse("15-05-1925", hoy), Err(FechaError::EdadExcesiva));
        assert_eq!(FechaNacimiento::parse("01-12-1892", hoy), Err(FechaError::EdadExcesiva));
        // Format errors come first.
        assert_eq!(FechaNacimiento::parse("", hoy), Err(FechaError::Vacia));
        assert_eq!(FechaNacimiento::parse("1-12-92", hoy), Err(FechaError::Formato));
        assert_eq!(FechaNacimiento::parse("29-02-2001", hoy), Err(FechaError::Inexistente));
    }

    #[test]
    fn nacimiento_29_de_febrero() {
        // Born on 29 February: in a common year the birthday is 1 March.
        assert_eq!(FechaNacimiento::parse("29-02-2008", fecha(2026, 2, 28)), Err(FechaError::MenorDeEdad));
        assert_eq!(
            FechaNacimiento::parse("29-02-2008", fecha(2026, 3, 1)).unwrap().0.anios_hasta(fecha(2026, 3, 1)),
            18
        );
        // In a leap year, on the day itself.
        assert_eq!(FechaNacimiento::parse("29-02-2004", fecha(2022, 2, 28)), Err(FechaError::MenorDeEdad));
        assert!(FechaNacimiento::parse("29-02-2004", fecha(2024, 2, 29)).is_ok());
        assert_eq!(fecha(2004, 2, 29).anios_hasta(fecha(2024, 2, 29)), 20);
        assert_eq!(fecha(2004, 2, 29).anios_hasta(fecha(2004, 2, 28)), 0);
    }

    #[test]
    fn fecha_mensajes() {
        assert_eq!(FechaError::Vacia.to_string(), "Ingrese la fecha de nacimiento.");
        assert_eq!(
            FechaError::Formato.to_string(),
            "Ingrese la fecha de nacimiento como día-mes-año, por ejemplo 01-12-1992."
        );
        assert_eq!(
            FechaError::Inexistente.to_string(),
            "Esa fecha no existe en el calendario: revise el día y el mes."
        );
        assert_eq!(FechaError::Futura.to_string(), "La fecha de nacimiento no puede ser posterior a hoy.");
        assert_eq!(FechaError::MenorDeEdad.to_string(), "El facilitador debe ser mayor de edad (18 años cumplidos).");
        assert_eq!(
            FechaError::EdadExcesiva.to_string(),
            "Revise el año de nacimiento: la edad no puede superar los 100 años."
        );
    }

    // ---- Cantidad de hijos ----

    #[test]
    fn hijos_acepta() {
        for (entrada, esperado) in [("0", 0), (" 3 ", 3), ("30", 30), ("030", 30), ("00", 0), ("+2", 2)] {
            assert_eq!(CantidadHijos::parse(entrada).map(CantidadHijos::valor), Ok(esperado), "{entrada:?}");
        }
        assert_eq!(CantidadHijos::parse("7").unwrap().to_string(), "7");
    }

    #[test]
    fn hijos_rechaza() {
        for vacia in ["", "  "] {
            assert_eq!(CantidadHijos::parse(vacia), Err(CantidadHijosError::Vacia));
        }
        for fuera in ["31", "99", "100", "-1", "-30", "99999999999999999999999"] {
            assert_eq!(CantidadHijos::parse(fuera), Err(CantidadHijosError::FueraDeRango), "{fuera:?}");
        }
        for malo in ["dos", "2.0", "1,5", "3a", "-", "+", "+-1", "٣", "１", "1 2", "0x1"] {
            assert_eq!(CantidadHijos::parse(malo), Err(CantidadHijosError::NoNumero), "{malo:?}");
        }
        assert_eq!(CantidadHijos::try_from(31), Err(CantidadHijosError::FueraDeRango));
    }

    #[test]
    fn hijos_mensajes_y_serde() {
        assert_eq!(CantidadHijosError::Vacia.to_string(), "Ingrese la cantidad de hijos (0 si no tiene).");
        assert_eq!(
            CantidadHijosError::NoNumero.to_string(),
            "Ingrese la cantidad de hijos como un número entero, sin puntos ni letras."
        );
        assert_eq!(CantidadHijosError::FueraDeRango.to_string(), "La cantidad de hijos debe estar entre 0 y 30.");
        let hijos = CantidadHijos::parse("2").unwrap();
        assert_eq!(serde_json::to_string(&hijos).unwrap(), "2");
        assert_eq!(serde_json::from_str::<CantidadHijos>("2").unwrap(), hijos);
        assert!(serde_json::from_str::<CantidadHijos>("31").is_err());
        assert!(serde_json::from_str::<CantidadHijos>("-1").is_err());
    }

    // ---- País de origen ----

    /// Spanish dictionary order: case and accents ignored, ñ after n.
    fn clave_orden(nombre: &str) -> Vec<(char, bool)> {
        nombre
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                'ñ' => ('n', true),
                'á' | 'å' => ('a', false),
                'é' => ('e', false),
                'í' => ('i', false),
                'ó' => ('o', false),
                'ú' | 'ü' => ('u', false),
                otro => (otro, false),
            })
            .collect()
    }

    #[test]
    fn paises_completos_sin_chile() {
        // ISO 3166-1 has 249 codes; all but Chile.
        assert_eq!(Pais::TODOS.len(), 248);
        assert_eq!(Pais::parse("CL"), Err(PaisError::NoSeleccionado));
        assert_eq!(Pais::parse("cl"), Err(PaisError::NoSeleccionado));
        assert!(Pais::TODOS.iter().all(|p| p.codigo() != "CL" && p.nombre() != "Chile"));
    }

    #[test]
    fn paises_codigos_unicos_y_vuelta() {
        let mut codigos: Vec<_> = Pais::TODOS.iter().map(|p| p.codigo()).collect();
        codigos.sort_unstable();
        codigos.dedup();
        assert_eq!(codigos.len(), Pais::TODOS.len());
        let mut nombres: Vec<_> = Pais::TODOS.iter().map(|p| p.nombre()).collect();
        nombres.sort_unstable();
        nombres.dedup();
        assert_eq!(nombres.len(), Pais::TODOS.len());
        for &pais in Pais::TODOS {
            assert!(pais.codigo().len() == 2 && pais.codigo().bytes().all(|b| b.is_ascii_uppercase()));
            assert_eq!(Pais::parse(pais.codigo()), Ok(pais));
            assert_eq!(Pais::parse(&pais.codigo().to_ascii_lowercase()), Ok(pais));
            assert_eq!(Pais::parse(&format!(" {} ", pais.codigo())), Ok(pais));
            assert_eq!(pais.to_string(), pais.nombre());
            let json = serde_json::to_string(&pais).unwrap();
            assert_eq!(json, format!("\"{}\"", pais.codigo()));
            assert_eq!(serde_json::from_str::<Pais>(&json).unwrap(), pais);
            assert_eq!(pais.nombre().trim(), pais.nombre());
        }
    }

    #[test]
    fn paises_ordenados_por_nombre() {
        for par in Pais::TODOS.windows(2) {
            assert!(clave_orden(par[0].nombre()) < clave_orden(par[1].nombre()), "{} / {}", par[0], par[1]);
        }
        // The sort key knows every accented letter the names use.
        for pais in Pais::TODOS {
            assert!(pais.nombre().chars().all(|c| c.is_ascii() || "áéíóúÁÉÍÓÚñÑÅå".contains(c)), "{pais}");
        }
    }

    #[test]
    fn paises_conocidos() {
        for (codigo, nombre) in [
            ("AR", "Argentina"),
            ("PE", "Perú"),
            ("BO", "Bolivia"),
            ("VE", "Venezuela"),
            ("HT", "Haití"),
            ("CO", "Colombia"),
            ("ES", "España"),
            ("US", "Estados Unidos"),
            ("DE", "Alemania"),
            ("GB", "Reino Unido"),
            ("KR", "Corea del Sur"),
            ("CI", "Costa de Marfil"),
        ] {
            assert_eq!(Pais::parse(codigo).unwrap().nombre(), nombre);
        }
        assert_eq!(Pais::TODOS[0].nombre(), "Afganistán");
        assert_eq!(Pais::TODOS[Pais::TODOS.len() - 1].nombre(), "Zimbabue");
    }

    #[test]
    fn pais_rechaza() {
        for malo in ["", "  ", "XX", "ARG", "A", "Argentina", "032", "ÁR"] {
            assert_eq!(Pais::parse(malo), Err(PaisError::NoSeleccionado), "{malo:?}");
        }
        assert_eq!(PaisError::NoSeleccionado.to_string(), "Seleccione un país de la lista.");
        assert!(serde_json::from_str::<Pais>("\"CL\"").is_err());
        assert!(serde_json::from_str::<Pais>("\"Argentina\"").is_err());
    }

    proptest! {
        #[test]
        fn nada_entra_en_panico(s in any::<String>()) {
            let hoy = Fecha::desde_dias_unix(20_000);
            let _ = NumeroDocumento::parse(&s);
            let _ = NombrePersona::parse(&s);
            let _ = NombrePersona::parse_opcional(&s);
            let _ = Fecha::parse(&s);
            let _ = FechaNacimiento::parse(&s, hoy);
            let _ = CantidadHijos::parse(&s);
            let _ = Pais::parse(&s);
            let _ = TipoDocumento::parse(&s);
            let _ = Sexo::parse(&s);
            let _ = EstadoCivil::parse(&s);
        }

        #[test]
        fn documento_ida_y_vuelta(partes in proptest::collection::vec("[a-zA-Z0-9]{1,4}", 1..6), sep in "[ .-]{0,2}") {
            let entrada = partes.join(&sep);
            let compacto: String = partes.concat().to_ascii_uppercase();
            match NumeroDocumento::parse(&entrada) {
                Ok(numero) => {
                    prop_assert_eq!(numero.as_str(), compacto.as_str());
                    prop_assert_eq!(NumeroDocumento::parse(numero.as_str()), Ok(numero.clone()));
                    let json = serde_json::to_string(&numero).unwrap();
                    prop_assert_eq!(serde_json::from_str::<NumeroDocumento>(&json).unwrap(), numero);
                }
                Err(NumeroDocumentoError::Largo) => prop_assert!(!(5..=20).contains(&compacto.len())),
                Err(NumeroDocumentoError::SinDigitos) => prop_assert!(!compacto.bytes().any(|b| b.is_ascii_digit())),
                Err(otro) => prop_assert!(false, "{:?}", otro),
            }
        }

        #[test]
        fn nombre_idempotente(s in "\\PC{0,70}") {
            if let Ok(nombre) = NombrePersona::parse(&s) {
                let texto = nombre.as_str();
                prop_assert!(texto.chars().count() <= NombrePersona::MAX);
                prop_assert_eq!(texto.trim(), texto);
                prop_assert!(!texto.contains("  "));
                prop_assert_eq!(NombrePersona::parse(texto), Ok(nombre.clone()));
            }
        }

        #[test]
        fn fecha_ida_y_vuelta(dias in Fecha::DIAS_MIN..=Fecha::DIAS_MAX) {
            let f = Fecha::desde_dias_unix(dias);
            prop_assert_eq!(f.dias_unix(), dias);
            prop_assert_eq!(Fecha::new(f.anio, f.mes, f.dia), Some(f));
            prop_assert_eq!(Fecha::parse(&f.formato()), Ok(f));
            prop_assert_eq!(Fecha::parse(&f.iso()), Ok(f));
            prop_assert_eq!(Fecha::parse(&format!("{}-{}-{:04}", f.dia, f.mes, f.anio)), Ok(f));
            if dias < Fecha::DIAS_MAX {
                prop_assert!(Fecha::desde_dias_unix(dias + 1) > f);
            }
        }

        #[test]
        fn nacimiento_acepta_exactamente_18_a_100(nacido in -25_000i64..20_000, hoy in 0i64..25_000) {
            let (nacido, hoy) = (Fecha::desde_dias_unix(nacido), Fecha::desde_dias_unix(hoy));
            let edad = nacido.anios_hasta(hoy);
            let resultado = FechaNacimiento::parse(&nacido.formato(), hoy);
            if nacido > hoy {
                prop_assert_eq!(resultado, Err(FechaError::Futura));
            } else if edad < 18 {
                prop_assert_eq!(resultado, Err(FechaError::MenorDeEdad));
            } else if edad > 100 {
                prop_assert_eq!(resultado, Err(FechaError::EdadExcesiva));
            } else {
                prop_assert_eq!(resultado.unwrap().0, nacido);
            }
        }

        #[test]
        fn hijos_en_rango(n in 0u32..1_000) {
            let resultado = CantidadHijos::parse(&n.to_string());
            if n <= 30 {
                prop_assert_eq!(resultado.map(u8::from), Ok(n as u8));
            } else {
                prop_assert_eq!(resultado, Err(CantidadHijosError::FueraDeRango));
            }
        }
    }
}
