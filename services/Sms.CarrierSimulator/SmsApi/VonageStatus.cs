namespace Sms.CarrierSimulator.SmsApi;

/// <summary>Vonage SMS API <c>messages[].status</c> codes (carrier-wire-format.md §1) and their usual <c>error-text</c>.</summary>
public static class VonageStatus
{
    public const int Success = 0;
    public const int Throttled = 1;
    public const int MissingParameters = 2;
    public const int InvalidParameters = 3;
    public const int InvalidCredentials = 4;
    public const int InternalError = 5;
    public const int InvalidMessage = 6;
    public const int NumberBarred = 7;
    public const int MessageTooLong = 12;
    public const int InvalidSignature = 14;
    public const int InvalidSenderAddress = 15;
    public const int InvalidCallbackUrl = 23;
    public const int SignatureAndSecret = 32;

    /// <summary>The error text Vonage sends with a status; used for injected faults.</summary>
    public static string ErrorText(int status) => status switch
    {
        Throttled => "Throughput Rate Exceeded - please wait [ 250 ] and retry",
        MissingParameters => "Missing parameters",
        InvalidParameters => "Invalid parameters",
        InvalidCredentials => "Bad Credentials",
        InternalError => "Internal Error",
        InvalidMessage => "Invalid Message",
        NumberBarred => "Number barred",
        8 => "Partner account barred",
        9 => "Partner quota violation",
        10 => "Too many existing binds",
        11 => "Account not enabled for HTTP",
        MessageTooLong => "Message too long",
        InvalidSignature => "Invalid Signature",
        InvalidSenderAddress => "Illegal Sender Address - rejected",
        17 => "Message blocked by provider",
        22 => "Invalid network code",
        InvalidCallbackUrl => "Invalid callback url",
        29 => "Non-Whitelisted Destination",
        SignatureAndSecret => "Signature and api secret disallowed",
        33 => "Number de-activated",
        _ => "Simulated failure",
    };
}
