/**
 * Server functions answer in postcard (see app/src/api/mod.rs): serde's data written by
 * position, nothing named. The tests read the few answers they use with this.
 */
export class Postcard {
  private posicion = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** An unsigned integer, in postcard's varint (seven bits a byte, low first). */
  natural(): bigint {
    let valor = 0n;
    for (let desplazamiento = 0n; ; desplazamiento += 7n) {
      const byte = this.bytes[this.posicion++];
      if (byte === undefined) throw new Error('postcard: the answer ends too soon');
      valor |= BigInt(byte & 0x7f) << desplazamiento;
      if ((byte & 0x80) === 0) return valor;
    }
  }

  /** A signed integer (`i64`): zigzag over the varint. */
  entero(): number {
    const z = this.natural();
    return Number((z >> 1n) ^ -(z & 1n));
  }

  /** A `String`: its length in bytes, then its UTF-8. */
  texto(): string {
    const largo = Number(this.natural());
    const texto = new TextDecoder().decode(this.bytes.subarray(this.posicion, this.posicion + largo));
    this.posicion += largo;
    return texto;
  }
}

/** `ApiError`'s variants in their order, which its test in app/src/api/error.rs holds fixed. */
const ERRORES_API = [
  'Campos',
  'Captcha',
  'RutRegistrado',
  'Flujo',
  'CredencialesInvalidas',
  'Bloqueada',
  'IntentosAgotados',
  'SinSesion',
  'OperadorBloqueado',
  'SinSesionOperador',
  'DebeCambiarClaveOperador',
  'CredencialesOperador',
  'NoEncontrado',
  'YaDecidida',
  'LimiteSolicitudes',
  'SolicitudEnRevision',
  'SolicitudRechazada',
  'DemasiadasSolicitudes',
  'SinConexion',
  'SolicitudInvalida',
  'OrigenRechazado',
  'Interno',
];

/** Which `ApiError` an error answer is; `undefined` for a body that is not one. */
export function errorApi(cuerpo: Uint8Array): string | undefined {
  try {
    return ERRORES_API[Number(new Postcard(cuerpo).natural())];
  } catch {
    return undefined;
  }
}
