//! The OpenID Connect provider: registered platforms (clients), signing keys shared by every
//! instance, pending authorization requests, codes, access tokens, and the stable subject of
//! each account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OidcClientes {
    Table,
    Id,
    Nombre,
    SecretoHash,
    RedirectUris,
    UrisSalida,
    Publico,
    Revocado,
    Creado,
}

#[derive(DeriveIden)]
enum OidcClaves {
    Table,
    Kid,
    PrivadaPem,
    PublicaJwk,
    Creada,
    Retirada,
}

#[derive(DeriveIden)]
enum OidcSolicitudes {
    Table,
    Id,
    Cliente,
    RedirectUri,
    Scopes,
    State,
    Nonce,
    PkceChallenge,
    PromptLogin,
    MaxAge,
    Creada,
    Expira,
}

#[derive(DeriveIden)]
enum OidcCodigos {
    Table,
    IdHash,
    Cliente,
    RedirectUri,
    Rut,
    Scopes,
    Nonce,
    PkceChallenge,
    AuthTime,
    Expira,
    Usado,
}

#[derive(DeriveIden)]
enum OidcTokens {
    Table,
    IdHash,
    CodigoHash,
    Rut,
    Cliente,
    Scopes,
    Expira,
    Revocado,
}

#[derive(DeriveIden)]
enum OidcSujetos {
    Table,
    Rut,
    Sub,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OidcClientes::Table)
                    .col(string_len(OidcClientes::Id, 64).primary_key())
                    .col(string_len(OidcClientes::Nombre, 200))
                    .col(string_len_null(OidcClientes::SecretoHash, 200))
                    .col(text(OidcClientes::RedirectUris))
                    .col(text(OidcClientes::UrisSalida))
                    .col(boolean(OidcClientes::Publico))
                    .col(boolean(OidcClientes::Revocado))
                    .col(big_integer(OidcClientes::Creado))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcClaves::Table)
                    .col(string_len(OidcClaves::Kid, 64).primary_key())
                    .col(text(OidcClaves::PrivadaPem))
                    .col(text(OidcClaves::PublicaJwk))
                    .col(big_integer(OidcClaves::Creada))
                    .col(big_integer_null(OidcClaves::Retirada))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcSolicitudes::Table)
                    .col(string_len(OidcSolicitudes::Id, 64).primary_key())
                    .col(string_len(OidcSolicitudes::Cliente, 64))
                    .col(text(OidcSolicitudes::RedirectUri))
                    .col(string_len(OidcSolicitudes::Scopes, 200))
                    .col(text_null(OidcSolicitudes::State))
                    .col(text_null(OidcSolicitudes::Nonce))
                    .col(string_len_null(OidcSolicitudes::PkceChallenge, 128))
                    .col(boolean(OidcSolicitudes::PromptLogin))
                    .col(big_integer_null(OidcSolicitudes::MaxAge))
                    .col(big_integer(OidcSolicitudes::Creada))
                    .col(big_integer(OidcSolicitudes::Expira))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcCodigos::Table)
                    .col(string_len(OidcCodigos::IdHash, 64).primary_key())
                    .col(string_len(OidcCodigos::Cliente, 64))
                    .col(text(OidcCodigos::RedirectUri))
                    .col(string_len(OidcCodigos::Rut, 12))
                    .col(string_len(OidcCodigos::Scopes, 200))
                    .col(text_null(OidcCodigos::Nonce))
                    .col(string_len_null(OidcCodigos::PkceChallenge, 128))
                    .col(big_integer(OidcCodigos::AuthTime))
                    .col(big_integer(OidcCodigos::Expira))
                    .col(boolean(OidcCodigos::Usado))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcTokens::Table)
                    .col(string_len(OidcTokens::IdHash, 64).primary_key())
                    .col(string_len(OidcTokens::CodigoHash, 64))
                    .col(string_len(OidcTokens::Rut, 12))
                    .col(string_len(OidcTokens::Cliente, 64))
                    .col(string_len(OidcTokens::Scopes, 200))
                    .col(big_integer(OidcTokens::Expira))
                    .col(boolean(OidcTokens::Revocado))
                    .to_owned(),
            )
            .await?;
        // A replayed code revokes the tokens it issued: found through this.
        manager
            .create_index(
                Index::create()
                    .name("idx_oidc_tokens_codigo")
                    .table(OidcTokens::Table)
                    .col(OidcTokens::CodigoHash)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcSujetos::Table)
                    .col(string_len(OidcSujetos::Rut, 12).primary_key())
                    .col(string_len(OidcSujetos::Sub, 64).unique_key())
                    .to_owned(),
            )
            .await
    }
}
