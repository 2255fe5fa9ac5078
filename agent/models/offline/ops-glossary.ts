/**
 * Operations words of other languages that reps mix into English requests ("odblokuj it again", "who has to
 * ok a 600 zł zwrot?", "klient chce anulować", "the paczka is 5 days late"), read as the English words the
 * planner's cues, frames and word vectors know. A closed glossary per concept (refund, hold, release,
 * cancel, parcel, warehouse, customer, order, invoice, address, stock, delivery, late) in the languages of
 * European tenants, not any tenant's phrasing: each entry is a dictionary word, matched whole and with its
 * accents folded, so "zwróć" and "zwroc" are one. Words that are also English words or names are left out
 * (Dutch "order", Polish "stan"). The glossed text is used to understand the request only; names,
 * addresses and amounts are always read from the rep's own words.
 */

/**
 * English reading → the words of other languages for it (Polish, German, French, Spanish, Italian, Portuguese,
 * Dutch, Slovene, Czech, Swedish; since session 13 also Hindi and Malay as reps in India and Singapore mix them
 * into English, romanised: "rok do" → hold, "chhod do the hold" → release, "jangan ship" → don't ship).
 */
const GLOSSARY: Record<string, string> = {
  refund:
    'zwrot zwrotu zwrocic zwroc zwrocil zwrocila rueckerstattung ruckerstattung erstattung erstatten erstatte zurueckerstatten ' +
    'remboursement rembourser rembourse remboursez reembolso reembolsar reembolsa rimborso rimborsare rimborsa estorno estornar ' +
    'terugbetaling terugbetalen vracilo vrnite refundace vraceni aterbetalning lautao lautana lautado pulangkan',
  'put on hold':
    'wstrzymaj wstrzymac wstrzymanie zatrzymaj zatrzymac anhalten zurueckhalten zuruckhalten sperren suspendre suspendez ' +
    'retener retenga sospendere sospendi trattenere segurar reter tegenhouden zadrzi zadrzite pozastavit roko rokna rokiye rokdo tahan',
  'take the hold off':
    'odblokuj odblokowac odblokujcie freigeben entsperren debloquer debloquez desbloquear desbloquea sbloccare sblocca ' +
    'deblokkeren vrijgeven sprosti odblokiraj odblokovat chhod chhodo chhodna chod chodo chodna',
  cancel:
    'anuluj anulowac anulowanie anulowac rezygnuje rezygnacja stornieren stornierung storniert storno annuler annulation ' +
    'annulez cancelar cancelacion cancela anular annullare annullamento annulla disdire cancelamento annuleren annulering ' +
    'preklic preklici zrusit radd batal batalkan',
  parcel:
    'paczka paczki paczke paczce przesylka przesylki paket pakete colis paquete pacco pacchi pakket pakketje posiljka balik parsel bungkusan',
  shipment: 'wysylka wysylki sendung versand envio spedizione zending odprema zasilka',
  warehouse: 'magazyn magazynie magazynu lager entrepot almacen magazzino armazem magazijn skladisce sklad',
  customer: 'klient klienta klientka klientce klientowi kunde kundin cliente klant stranka zakaznik grahak pelanggan',
  order: 'zamowienie zamowienia zamowieniu bestellung auftrag commande pedido ordine encomenda bestelling narocilo objednavka',
  invoice: 'faktura faktury fakture rechnung facture factura fattura fatura factuur racun',
  address: 'adres adresu adresie adresse anschrift direccion indirizzo endereco naslov adresa alamat',
  stock: 'zapas zapasy bestand lagerbestand existencias giacenza scorte estoque voorraad zaloga zasoba',
  delivery: 'dostawa dostawy dostawe livraison entrega consegna levering dostava doruceni',
  'shipping fee': 'versandkosten verzendkosten frete postnina dopravne',
  "don't": 'jangan',
  send: 'bhejo bhejna bhejiye hantar',
  where: 'kahan kidhar',
  back: 'wapas vapas wapis',
  money: 'paise paisa duit',
  late: 'spozniona spozniony opozniona opozniony opoznienie verspaetet verspatet verspaetung verspatung retraso ritardo atraso vertraagd zamuda zpozdeni lambat',
};

// German umlauts as their two-letter spelling first ("Rückerstattung" = "Rueckerstattung"), then every accent off.
const fold = (word: string): string =>
  word
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');

const READING = new Map<string, string>(
  Object.entries(GLOSSARY).flatMap(([english, words]) => words.split(/\s+/).map((word) => [word, english] as const)),
);

/** The English reading of one word of another language, when the glossary has it. */
export function glossWord(word: string): string | undefined {
  // Umlauts are folded both ways: "Rückerstattung" may be written "Rueckerstattung" or "Ruckerstattung".
  const folded = fold(word);
  return READING.get(folded) ?? READING.get(folded.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u'));
}

/** The request with every glossary word replaced by its English reading; other words untouched. */
export function glossOpsWords(text: string): string {
  return text.replace(/\p{L}+/gu, (word) => glossWord(word) ?? word);
}
