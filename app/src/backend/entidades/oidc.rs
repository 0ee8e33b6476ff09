//! The OpenID Connect provider's tables. Codes and access tokens are stored as SHA-256 hashes,
//! client secrets as argon2id hashes: the tables hold no usable credential.

/// A registered platform (relying party).
pub mod cliente {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_clientes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// Shown to the person on the login page.
        pub nombre: String,
        /// `None` for a public client (it proves itself with PKCE instead).
        pub secreto_hash: Option<String>,
        /// One per line; matched exactly.
        pub redirect_uris: String,
        /// Where RP-initiated logout may return, one per line.
        pub uris_salida: String,
        pub publico: bool,
        pub revocado: bool,
        pub creado: i64,
    }

    impl Model {
        pub fn admite_redirect(&self, uri: &str) -> bool {
            self.redirect_uris.lines().any(|r| r == uri)
        }

        pub fn admite_salida(&self, uri: &str) -> bool {
            self.uris_salida.lines().any(|r| r == uri)
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An RSA signing key. The newest unretired one signs; retired ones stay published while ID
/// tokens they signed may still be checked.
pub mod clave {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_claves")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub kid: String,
        /// PKCS#1 PEM.
        pub privada_pem: String,
        /// The public JWK, JSON.
        pub publica_jwk: String,
        pub creada: i64,
        pub retirada: Option<i64>,
    }

    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("clave").field("kid", &self.kid).field("retirada", &self.retirada).finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An authorization request waiting for the person to log in; the URL carries only its id.
pub mod solicitud {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_solicitudes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub cliente: String,
        pub redirect_uri: String,
        /// Space-separated, only the ones we know.
        pub scopes: String,
        pub state: Option<String>,
        pub nonce: Option<String>,
        /// S256 challenge.
        pub pkce_challenge: Option<String>,
        /// `prompt=login`: only a session opened after the request will do.
        pub prompt_login: bool,
        pub max_age: Option<i64>,
        pub creada: i64,
        pub expira: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An authorization code: single use, short-lived, bound to its client, redirect URI and PKCE
/// challenge.
pub mod codigo {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_codigos")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        pub cliente: String,
        pub redirect_uri: String,
        pub rut: String,
        pub scopes: String,
        pub nonce: Option<String>,
        pub pkce_challenge: Option<String>,
        pub auth_time: i64,
        pub expira: i64,
        pub usado: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A bearer access token for `userinfo`.
pub mod token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        /// The code it was issued for: a replay of that code revokes it.
        pub codigo_hash: String,
        pub rut: String,
        pub cliente: String,
        pub scopes: String,
        pub expira: i64,
        pub revocado: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `sub` of an account: random, so platforms never receive the RUT as an identifier.
pub mod sujeto {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_sujetos")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub rut: String,
        #[sea_orm(unique)]
        pub sub: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
