
// Appended by `server empaquetar` (server/src/estaticos/paquetes.rs): a chunk this page's HTML
// preloaded inside a pack is instantiated from there, with the pack's other chunks, as one
// module; any other is fetched on its own.
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
// A pack: a little-endian u32 length, a JSON index of the chunks it holds ["chunk_12", ...]
// (named without their hash), then one module holding them all (server/src/estaticos/fusion.rs).
// One that does not read so is left out, and so is one that shares a chunk with a pack already
// taken (instantiating a chunk twice would write its data into memory again): their chunks are
// then fetched on their own.
function abrirPaquete(cuerpo, trozos) {
    try {
        const largoIndice = new DataView(cuerpo).getUint32(0, true);
        const indice = JSON.parse(new TextDecoder().decode(new Uint8Array(cuerpo, 4, largoIndice)));
        const modulo = new Uint8Array(cuerpo, 4 + largoIndice);
        if (!Array.isArray(indice) || indice.some((nombre) => trozos.has(nombre))) return;
        let instancia;
        const instanciar = () => (instancia ??= WebAssembly.instantiate(modulo, getSharedImports()));
        for (const nombre of indice) trozos.set(nombre, instanciar);
    } catch (error) {
        console.warn("paquete ilegible", error);
    }
}
// What `traerTrozo` gives for a chunk whose pack's module is already instantiated: there is
// nothing left to instantiate for it.
const EN_PAQUETE = Symbol("en paquete");
function traerTrozo(url) {
    const archivo = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    const trozo = paquetesDeLaPagina().then((trozos) => {
        const instanciar = trozos.get(archivo.slice(0, archivo.indexOf(".")));
        if (instanciar === undefined) return fetch(url);
        // A pack's module that does not instantiate leaves each of its chunks to its own file.
        return instanciar().then(() => EN_PAQUETE, () => fetch(url));
    });
    // The loader awaits it only once the chunk's dependencies are in: a fetch that fails before
    // then is its error to report, not an unhandled rejection.
    trozo.catch(() => {});
    return trozo;
}
// The loader's instantiation of a chunk: a chunk already in its pack's module costs nothing more
// (an empty module in its place cost a page of 90 chunks 3-5 ms of main thread).
async function instanciarTrozo(trozo, importaciones) {
    const fuente = await trozo;
    return fuente === EN_PAQUETE ? undefined : WebAssembly.instantiateStreaming(fuente, importaciones);
}
