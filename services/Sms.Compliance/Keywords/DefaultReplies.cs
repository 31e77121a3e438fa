namespace Sms.Compliance.Keywords;

/// <summary>
/// The built-in reply texts of each language the recogniser reads, used where no text is configured (see
/// <see cref="Extensions.ReplyOptions"/>). Each starts with the program's name, says what happened, and gives the terms
/// carriers expect (message frequency, message and data rates) and the way out. Every market knows STOP and START, and
/// every brand keeps STOP unless it replaces its keywords, so those are the words each language tells the customer to
/// reply; help is asked in the customer's own word (AYUDA, AIDE, HILFE, AJUDA, AIUTO).
/// </summary>
public static class DefaultReplies
{
    /// <summary>The texts, with <c>{ProgramName}</c> and <c>{SupportContact}</c> to fill in.</summary>
    public sealed record Texts(string OptOut, string OptIn, string Help);

    public static readonly IReadOnlyDictionary<string, Texts> ByLanguage = new Dictionary<string, Texts>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new(
            "{ProgramName}: You have been unsubscribed and will receive no further messages. Reply START to resubscribe.",
            "{ProgramName}: You are subscribed again. Msg frequency varies. Msg&data rates may apply. Reply HELP for help, STOP to opt out.",
            "{ProgramName}: For help contact {SupportContact}. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out."),
        ["es"] = new(
            "{ProgramName}: Te has dado de baja y no recibirás más mensajes. Responde START para volver a suscribirte.",
            "{ProgramName}: Te has vuelto a suscribir. La frecuencia de los mensajes varía. Pueden aplicarse tarifas de mensajes y datos. Responde AYUDA para obtener ayuda o STOP para darte de baja.",
            "{ProgramName}: Para obtener ayuda, contacta con {SupportContact}. La frecuencia de los mensajes varía. Pueden aplicarse tarifas de mensajes y datos. Responde STOP para darte de baja."),
        ["fr"] = new(
            "{ProgramName} : Votre désinscription est confirmée, vous ne recevrez plus de messages. Répondez START pour vous réabonner.",
            "{ProgramName} : Votre réabonnement est confirmé. Fréquence des messages variable. Des frais de messagerie et de données peuvent s'appliquer. Répondez AIDE pour obtenir de l'aide, STOP pour vous désabonner.",
            "{ProgramName} : Pour obtenir de l'aide, contactez {SupportContact}. Fréquence des messages variable. Des frais de messagerie et de données peuvent s'appliquer. Répondez STOP pour vous désabonner."),
        ["de"] = new(
            "{ProgramName}: Sie wurden abgemeldet und erhalten keine weiteren Nachrichten. Antworten Sie mit START, um sich wieder anzumelden.",
            "{ProgramName}: Sie sind wieder angemeldet. Die Häufigkeit der Nachrichten variiert. Es können Gebühren für SMS und Daten anfallen. Antworten Sie mit HILFE für Hilfe oder mit STOP, um sich abzumelden.",
            "{ProgramName}: Hilfe erhalten Sie unter {SupportContact}. Die Häufigkeit der Nachrichten variiert. Es können Gebühren für SMS und Daten anfallen. Antworten Sie mit STOP, um sich abzumelden."),
        ["pt"] = new(
            "{ProgramName}: Sua inscrição foi cancelada e você não receberá mais mensagens. Responda START para se inscrever novamente.",
            "{ProgramName}: Sua inscrição foi reativada. A frequência das mensagens varia. Podem ser cobradas tarifas de mensagens e dados. Responda AJUDA para obter ajuda ou STOP para deixar de receber mensagens.",
            "{ProgramName}: Para obter ajuda, entre em contato com {SupportContact}. A frequência das mensagens varia. Podem ser cobradas tarifas de mensagens e dados. Responda STOP para deixar de receber mensagens."),
        ["it"] = new(
            "{ProgramName}: La tua iscrizione è stata annullata e non riceverai più messaggi. Rispondi START per iscriverti di nuovo.",
            "{ProgramName}: La tua iscrizione è di nuovo attiva. La frequenza dei messaggi varia. Potrebbero essere applicati costi per messaggi e dati. Rispondi AIUTO per assistenza o STOP per annullare l'iscrizione.",
            "{ProgramName}: Per assistenza contatta {SupportContact}. La frequenza dei messaggi varia. Potrebbero essere applicati costi per messaggi e dati. Rispondi STOP per annullare l'iscrizione."),
    };
}
