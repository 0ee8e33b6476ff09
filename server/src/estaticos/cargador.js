
// Appended by `server empaquetar` (server/src/estaticos/paquetes.rs): a chunk this page's HTML
// preloaded inside a pack is taken from there; any other is fetched on its own.
let trozosPrecargados;
function paquetesDeLaPagina() {
    if (trozosPrecargados === undefined) {
        // The same request as the preload's (`fetch` mode, same-origin credentials), so the
        // browser answers it from the preload.
        const enlaces = document.querySelectorAll('link[rel="preload"][href*="/paquete."]');
        trozosPrecargados = Promise.all(Array.from(enlaces, (enlace) => fetch(enlace.href)
            .then((respuesta) => (respuesta.ok ? respuesta.arrayBuffer() : null))
            .catch(() => null)))
            .then((cuerpos) => {
                const trozos = new Map();
                for (const cuerpo of cuerpos) if (cuerpo) abrirPaquete(cuerpo, trozos);
                return trozos;
            });
    }
    return trozosPrecargados;
}
// A pack: a little-endian u32 length, a JSON index [[chunk, length], ...], the chunks' bytes;
// a chunk is named without its hash (`chunk_12` for ./chunk_12.<hash>.wasm).
// One that does not read so is left out: its chunks are then fetched on their own.
function abrirPaquete(cuerpo, trozos) {
    try {
        const largoIndice = new DataView(cuerpo).getUint32(0, true);
        const indice = JSON.parse(new TextDecoder().decode(new Uint8Array(cuerpo, 4, largoIndice)));
        let desde = 4 + largoIndice;
        const leidos = [];
        for (const [nombre, largo] of indice) {
            leidos.push([nombre, new Uint8Array(cuerpo, desde, largo)]);
            desde += largo;
        }
        if (desde !== cuerpo.byteLength) return;
        for (const [nombre, bytes] of leidos) trozos.set(nombre, bytes);
    } catch (error) {
        console.warn("paquete ilegible", error);
    }
}
function traerTrozo(url) {
    const archivo = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    const trozo = paquetesDeLaPagina().then((trozos) => {
        const bytes = trozos.get(archivo.slice(0, archivo.indexOf(".")));
        if (bytes === undefined) return fetch(url);
        return new Response(bytes, { headers: { "Content-Type": "application/wasm" } });
    });
    // The loader awaits it only once the chunk's dependencies are in: a fetch that fails before
    // then is its error to report, not an unhandled rejection.
    trozo.catch(() => {});
    return trozo;
}
