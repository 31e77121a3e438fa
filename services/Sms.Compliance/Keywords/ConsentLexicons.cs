using static Sms.Compliance.Keywords.ConsentLexicon;

namespace Sms.Compliance.Keywords;

/// <summary>
/// The lexicons of the languages the recogniser reads: general vocabulary of asking to stop messages, not a list of
/// messages. Add a word where a language's ordinary way of asking is missing, never a whole sentence.
/// </summary>
public static class ConsentLexicons
{
    public static readonly ConsentLexicon English = new()
    {
        Language = "en",
        StopVerbs = Map("stop: STOP STOPPING; quit: QUIT; cease: CEASE; end: END; cancel: CANCEL; remove: REMOVE DELETE; take-off: TAKE; halt: HALT; revoke: REVOKE WITHDRAW"),
        UnsubscribeVerbs = Map("unsubscribe: UNSUBSCRIBE UNSUB UNSUBSCRIBING UNSUBCRIBE UNSUSCRIBE UNSUBSRIBE UNSUBSCRIBED; opt-out: OPT OPTOUT"),
        Particles = new Dictionary<string, string> { ["TAKE"] = "OFF", ["OPT"] = "OUT" },
        ContactVerbs = Map("text: TEXT TEXTING TXT TXTING; message: MESSAGE MESSAGING MSG MSGING MSGING; contact: CONTACT CONTACTING; call: CALL CALLING; spam: SPAM SPAMMING; sms: SMS SMSING; email: EMAIL EMAILING"),
        SendVerbs = Map("send: SEND SENDING"),
        Objects = Map("texts: TEXTS TXTS; messages: MESSAGES MSGS SMSES; this-number: NUMBER; list: LIST; notifications: NOTIFICATIONS ALERTS UPDATES; reminders: REMINDERS; promotions: PROMOS PROMOTIONS ADS MARKETING OFFERS; subscription: SUBSCRIPTION; consent: CONSENT; anything: ANYTHING"),
        Negations = Set("DON'T DONT NOT NEVER CAN'T CANT CANNOT WON'T WONT DIDN'T DIDNT DOESN'T DOESNT"),
        WantVerbs = Set("WANT WANNA NEED WISH LIKE"),
        NoMore = Set("NO_MORE ENOUGH NO_LONGER"),
        NotAfterStop = Set("BY IN AT OVER FOR AROUND"),
        Questions = Set("WHY WHEN HOW WHAT WHO WHERE DID DOES"),
        Context = Set("INTERESTED SIGNED UP SUBSCRIBED ASKED AGREED LEAVE ALONE"),
        AmbiguousKeywords = Set("CANCEL END QUIT"),
        Exit = Set("OUT"),
        Filler = Set("PLEASE PLS PLZ KINDLY THANKS THANK YOU THX TY OK OKAY HI HELLO HEY JUST CAN COULD WOULD WILL I I'M IM ME MY US WE YOUR YOU THE THESE THIS THOSE THAT ALL ANY ANYMORE MORE LONGER NOW AGAIN EVER OF FROM TO ON OFF OUT RECEIVE RECEIVING GET GETTING DO A AN AND RIGHT AWAY IMMEDIATELY PERMANENTLY FOREVER REALLY SERIOUSLY SORRY IT THEM STUFF FURTHER PROMOTIONAL TEXTED PHONE NUMBER IS ALREADY"),
        Keywords = Set("STOP STOPALL UNSUBSCRIBE CANCEL END QUIT REVOKE OPTOUT START UNSTOP SUBSCRIBE JOIN YES HELP INFO"),
    };

    public static readonly ConsentLexicon Spanish = new()
    {
        Language = "es",
        StopVerbs = Map("parar: PARAR PAREN PARE; dejar: DEJEN DEJE DEJAR DEJA; detener: DETENER DETENGAN DETENGA; cancelar: CANCELAR CANCELEN CANCELE CANCELA; dar-de-baja: DAR DARME DENME DEME DAME; eliminar: ELIMINAR ELIMINEN ELIMINENME ELIMINEME ELIMINAME BORRAR BORREN BORRENME BORRAME QUITAR QUITEN QUITENME QUITAME SACAR SAQUENME SACAME; suspender: SUSPENDER SUSPENDAN; revocar: REVOCO REVOCAR"),
        UnsubscribeVerbs = Map("desuscribir: DESUSCRIBIR DESUSCRIBIRME DESUSCRIBIRSE DESUSCRIBANME DESINSCRIBIR DESINSCRIBIRME DESINSCRIBANME"),
        ContactVerbs = Map("escribir: ESCRIBAN ESCRIBIR ESCRIBAS ESCRIBIRME ESCRIBIRNOS; contactar: CONTACTEN CONTACTAR CONTACTARME; llamar: LLAMEN LLAMAR LLAMARME; enviar: ENVIARME ENVIENME ENVIANDOME MANDARME MANDENME MANDANDOME"),
        SendVerbs = Map("enviar: ENVIAR ENVIEN ENVIE ENVIES ENVIANDO MANDAR MANDEN MANDE MANDES MANDANDO"),
        Objects = Map("mensajes: MENSAJES MENSAJE MSJ MSJS MENSAJITOS SMS TEXTOS; lista: LISTA; numero: NUMERO; notificaciones: NOTIFICACIONES ALERTAS; recordatorios: RECORDATORIOS; promociones: PROMOCIONES PUBLICIDAD OFERTAS; suscripcion: SUSCRIPCION; baja: BAJA; consentimiento: CONSENTIMIENTO; nada: NADA"),
        Negations = Set("NO NUNCA JAMAS"),
        WantVerbs = Set("QUIERO QUEREMOS DESEO DESEAMOS NECESITO AUTORIZO ACEPTO"),
        NoMore = Set("NO_MAS BASTA_DE NINGUN NINGUNO NADA_MAS"),
        Questions = Set("POR_QUE PORQUE CUANDO COMO"),
        Context = Set("INTERESA INTERESADO INTERESADA INSCRIBI"),
        AmbiguousKeywords = Set("CANCELAR"),
        Filler = Set("POR FAVOR GRACIAS HOLA BUENAS BUENOS DIAS ME NOS DE LA EL LOS LAS ESTE ESTA ESTOS ESTAS SUS SU TU TUS MAS YA YO A EN MI MIS AL DEL ESE ESA ESOS ESAS LO LE LES RECIBIR RECIBIENDO AHORA INMEDIATAMENTE OK VALE SEGUIR SIGAN PUEDEN PUEDE PODRIAN USTEDES TODOS TODAS TODO ESTO Y PORFA PF PFV QUE"),
        Keywords = Set("BAJA PARAR CANCELAR ALTO AYUDA"),
    };

    public static readonly ConsentLexicon French = new()
    {
        Language = "fr",
        StopVerbs = Map("arreter: ARRETEZ ARRETER ARRETE ARRETES CESSEZ CESSER; retirer: RETIREZ RETIRER SUPPRIMEZ SUPPRIMER ENLEVEZ ENLEVER RAYEZ; annuler: ANNULER ANNULEZ; stopper: STOPPEZ STOPPER; retirer-consentement: RETIRE"),
        UnsubscribeVerbs = Map("desabonner: DESABONNER DESABONNEZ DESABONNE DESABONNEMENT DESINSCRIRE DESINSCRIVEZ DESINSCRIS DESINSCRIPTION"),
        ContactVerbs = Map("ecrire: ECRIRE ECRIVEZ; contacter: CONTACTER CONTACTEZ; appeler: APPELEZ APPELER; textoter: TEXTOTER TEXTER"),
        SendVerbs = Map("envoyer: ENVOYER ENVOYEZ ENVOIE ENVOIES ENVOIENT"),
        Objects = Map("messages: MESSAGES MESSAGE SMS TEXTOS TEXTO TEXTES; liste: LISTE; numero: NUMERO; notifications: NOTIFICATIONS ALERTES; rappels: RAPPELS; promotions: PROMOTIONS PROMOS PUBLICITES PUB PUBS OFFRES; abonnement: ABONNEMENT; consentement: CONSENTEMENT; rien: RIEN"),
        Negations = Set("NE N PAS JAMAIS"),
        WantVerbs = Set("VEUX VOULONS VEUT SOUHAITE SOUHAITONS DESIRE"),
        NoMore = Set("PLUS_DE ASSEZ_DE SUFFIT MARRE_DE"),
        Questions = Set("POURQUOI QUAND COMMENT"),
        Context = Set("INTERESSE INTERESSEE INSCRIT MARRE AI"),
        AmbiguousKeywords = Set("ANNULER"),
        Filler = Set("S IL VOUS PLAIT STP SVP MERCI BONJOUR SALUT ME M MOI NOUS DE D DES LES LA LE L CE CES CET CETTE VOS VOTRE TON TA TES A AU AUX JE J TU MES MA MON RECEVOIR PLUS DU EN IMMEDIATEMENT MAINTENANT OK SUR ET Y CA EN POUR"),
        Keywords = Set("ARRET ARRETE ARRETEZ DESABONNER AIDE"),
    };

    public static readonly ConsentLexicon German = new()
    {
        Language = "de",
        StopVerbs = Map("stoppen: STOPPEN STOPPT STOPP; aufhoren: AUFHOREN HOREN HORT HOR; entfernen: ENTFERNEN ENTFERNT ENTFERNE LOSCHEN LOSCHT LOSCHE LOESCHEN STREICHEN; von-nehmen: NEHMEN NEHMT NIMM; widerrufen: WIDERRUFE WIDERRUFEN; austragen: TRAGEN TRAGT; kundigen: KUNDIGEN KUNDIGE BEENDEN"),
        UnsubscribeVerbs = Map("abmelden: MELDEN MELDET MELD ABMELDEN ABMELDUNG ABBESTELLEN ABBESTELLT ABBESTELLE AUSTRAGEN"),
        Particles = new Dictionary<string, string> { ["HOREN"] = "AUF", ["HORT"] = "AUF", ["HOR"] = "AUF", ["MELDEN"] = "AB", ["MELDET"] = "AB", ["MELD"] = "AB", ["TRAGEN"] = "AUS", ["TRAGT"] = "AUS", ["NEHMEN"] = "VON", ["NEHMT"] = "VON", ["NIMM"] = "VON" },
        ContactVerbs = Map("schreiben: SCHREIBEN SCHREIBT SCHREIB ANGESCHRIEBEN; kontaktieren: KONTAKTIEREN KONTAKTIERT; anrufen: ANRUFEN; simsen: SIMSEN"),
        SendVerbs = Map("schicken: SCHICKEN SCHICKT SCHICK SENDEN SENDET ZUSCHICKEN ZUSENDEN"),
        Objects = Map("nachrichten: NACHRICHTEN NACHRICHT SMS TEXTE; liste: LISTE VERTEILER; nummer: NUMMER; benachrichtigungen: BENACHRICHTIGUNGEN; erinnerungen: ERINNERUNGEN; werbung: WERBUNG ANGEBOTE NEWSLETTER; abo: ABO ABONNEMENT; einwilligung: EINWILLIGUNG ZUSTIMMUNG; nichts: NICHTS NIX"),
        Negations = Set("NICHT NIE NIEMALS KEINE KEIN KEINEN NIX NICHTS"),
        NegationFollowsVerb = true,
        WantVerbs = Set("WILL WOLLEN MOCHTE MOCHTEN"),
        NoMore = Set("KEINE KEIN KEINEN SCHLUSS_MIT"),
        Questions = Set("WARUM WANN WIE WIESO"),
        Context = Set("INTERESSE INTERESSIERT ANGEMELDET"),
        Exit = Set("RAUS"),
        Filler = Set("BITTE DANKE HALLO MIR MICH UNS IHR IHRE IHREN SIE DU ICH WIR DIE DER DEN DEM DAS DIESE DIESER DIESEN DIESES VON AUS ZU MEHR AUF AB SOFORT JETZT ENDLICH ALLE ERHALTEN BEKOMMEN MEINE MEINER MEIN WERDEN DAMIT UND MIT AUS FUR PER MEINE"),
        Keywords = Set("ABMELDEN STOPP ENDE HILFE"),
    };

    public static readonly ConsentLexicon Portuguese = new()
    {
        Language = "pt",
        StopVerbs = Map("parar: PARAR PAREM PARE; deixar: DEIXEM DEIXE DEIXAR; cancelar: CANCELAR CANCELEM CANCELE; remover: REMOVER REMOVAM REMOVA TIRAR TIREM TIRE EXCLUIR EXCLUAM EXCLUA; sair: SAIR; parar-de: PARA; apagar: APAGUEM APAGAR APAGUE TIRA; revogar: REVOGO REVOGAR"),
        UnsubscribeVerbs = Map("descadastrar: DESCADASTRA DESCADASTRAR DESCADASTRE DESCADASTREM DESCADASTRO DESINSCREVER DESINSCREVA DESINSCREVAM"),
        ContactVerbs = Map("escrever: ESCREVER ESCREVAM; contatar: CONTATAR CONTACTAR CONTATEM; ligar: LIGAR LIGUEM"),
        SendVerbs = Map("enviar: ENVIAR ENVIEM ENVIE ENVIANDO MANDAR MANDEM MANDE MANDANDO"),
        Objects = Map("mensagens: MENSAGENS MENSAGEM SMS TORPEDOS; lista: LISTA; numero: NUMERO; notificacoes: NOTIFICACOES ALERTAS; lembretes: LEMBRETES; promocoes: PROMOCOES PROPAGANDA PROPAGANDAS OFERTAS; assinatura: ASSINATURA; consentimento: CONSENTIMENTO; envio: ENVIO; msg: MSG MSGS; nada: NADA"),
        Negations = Set("NAO NUNCA JAMAIS"),
        WantVerbs = Set("QUERO QUEREMOS DESEJO PRECISO AUTORIZO ACEITO"),
        NoMore = Set("CHEGA_DE CHEGA NAO_MAIS"),
        Questions = Set("POR_QUE PORQUE QUANDO COMO"),
        Context = Set("INTERESSE TENHO CADASTREI"),
        AmbiguousKeywords = Set("CANCELAR"),
        Filler = Set("POR FAVOR OBRIGADO OBRIGADA OLA OI ME NOS DE DA DO DAS DOS A O AS OS ESTA ESTE ESSAS ESSES ESTAS ESTES ESSE ESSA SUA SEU SUAS SEUS EU MEU MINHA MAIS RECEBER AGORA JA EM NA NO E COM PARA MIM VOCES VOCE TODAS TODOS PFV PF"),
        Keywords = Set("SAIR AJUDA PARE PARAR CANCELAR"),
    };

    public static readonly ConsentLexicon Italian = new()
    {
        Language = "it",
        StopVerbs = Map("smettere: SMETTETE SMETTERE SMETTI SMETTA SMETTILA SMETTETELA; revocare: REVOCO REVOCARE; interrompere: INTERROMPETE INTERROMPERE; fermare: FERMATE FERMARE; annullare: ANNULLA ANNULLARE ANNULLATE; cancellare: CANCELLATE CANCELLARE CANCELLAMI CANCELLATEMI; rimuovere: RIMUOVETE RIMUOVERE RIMOSSO RIMOSSA ELIMINATE ELIMINARE RIMUOVIMI RIMUOVETEMI TOGLIETE TOGLIETEMI TOGLIERE TOGLIMI"),
        UnsubscribeVerbs = Map("disiscrivere: DISISCRIVI CANCELLAMI DISISCRIVERE DISISCRIVETEMI DISISCRIVIMI DISISCRIZIONE DISISCRIVERMI"),
        ContactVerbs = Map("scrivere: SCRIVERE SCRIVETE SCRIVERMI SCRIVETEMI; contattare: CONTATTARE CONTATTATE CONTATTARMI CONTATTATEMI; chiamare: CHIAMARE CHIAMATE CHIAMARMI; inviare: INVIARMI INVIATEMI MANDARMI MANDATEMI"),
        SendVerbs = Map("inviare: INVIARE INVIATE MANDARE MANDATE"),
        Objects = Map("messaggi: MESSAGGI MESSAGGIO SMS; lista: LISTA ELENCO; numero: NUMERO; notifiche: NOTIFICHE AVVISI; promemoria: PROMEMORIA; promozioni: PROMOZIONI PUBBLICITA OFFERTE; iscrizione: ISCRIZIONE ABBONAMENTO; consenso: CONSENSO; niente: NIENTE"),
        Negations = Set("NON MAI"),
        WantVerbs = Set("VOGLIO VOGLIAMO DESIDERO ACCONSENTO AUTORIZZO"),
        NoMore = Set("BASTA BASTA_CON NIENTE_PIU BASTA_CON_I BASTA_CON_QUESTI"),
        Questions = Set("PERCHE QUANDO COME"),
        Context = Set("INTERESSA INTERESSATO INTERESSATA DATO ISCRITTO"),
        AmbiguousKeywords = Set("ANNULLA CANCELLA ANNULLARE CANCELLARE"),
        Filler = Set("PER FAVORE PERFAVORE GRAZIE CIAO SALVE MI CI DI DA DAL DALLA DEI DEGLI DELLA DELLE DEL LA IL LE I GLI LO L QUESTO QUESTI QUESTA QUESTE VOSTRA VOSTRI VOSTRO IO MIO MIA MIEI PIU RICEVERE ORA SUBITO E A AL ALLA ALLE VI PREGO AGLI AI ESSERE HO"),
        Keywords = Set("ANNULLA CANCELLA DISISCRIVI BASTA AIUTO"),
    };

    /// <summary>
    /// Keywords every market uses whatever its language (STOP in Paris, Berlin and Madrid alike, HELP and INFO on US
    /// short codes in any language): a message that is one of them says nothing of its sender's language, so it is
    /// answered in the brand's (<c>Compliance:Language</c>).
    /// </summary>
    public static readonly IReadOnlySet<string> SharedKeywords = Set("STOP STOPALL START HELP INFO");

    /// <summary>Every language, in the order a tie is resolved.</summary>
    public static readonly IReadOnlyList<ConsentLexicon> All = [English, Spanish, French, German, Portuguese, Italian];

}
