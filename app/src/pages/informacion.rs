//! MÁS INFORMACION: section 1 of the guides ("Acerca de la Clave Sence").

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Informacion() -> impl IntoView {
    view! {
        <Title text="Más información" />
        <h1>"ACERCA DE LA CLAVE SENCE (CS)"</h1>
        <p>
            "La " <strong>"Clave Sence (CS)"</strong> " es una " <strong>"contraseña"</strong>
            " que pueden solicitar las " <strong>"personas, organismos y empresas"</strong>
            " para ingresar en algunas plataformas del Sence, y de esta manera, realizar sus trámites y acceder a los programas, instrumentos o beneficios de su interés."
        </p>
        <p>"Se puede recuperar o modificar en este sitio, donde también es posible actualizar los datos personales del usuario."</p>
        <h2>"OTRAS CONSIDERACIONES"</h2>
        <p>"Le recordamos que, como " <strong>"requisito"</strong> " para obtener la " <strong>"Clave Sence"</strong> ":"</p>
        <ul>
            <li id="natural">"Las " <strong>"Personas Naturales"</strong> " deben contar con Rut Chileno."</li>
            <li id="juridica">"Las " <strong>"Personas Jurídicas"</strong> " deben contar con Rut de la empresa u Otec vigente."</li>
            <li>"Las " <strong>"Personas Migrantes"</strong> " deben contar con NIE o Número de Identidad Extranjero."</li>
        </ul>
        <h2>"ADEMÁS TENGA EN CUENTA QUE:"</h2>
        <ul>
            <li>"El uso de su Clave Sence es de " <strong>"carácter personal e intransferible"</strong> "."</li>
            <li>
                "La Clave Sence es propia de los sistemas del Sence, y no tiene relación actualmente con la "
                <strong>"Clave Única del Servicio de Registro Civil"</strong> "."
            </li>
            <li>"Para generar esta clave debe contar con una cuenta de " <strong>"correo electrónico vigente"</strong> "."</li>
            <li>
                "Si tiene alguna consulta llámenos gratis al " <strong>"800 80 10 30"</strong>
                ", de lunes a viernes de 9.00 a 18.00 horas."
            </li>
        </ul>
    }
}
