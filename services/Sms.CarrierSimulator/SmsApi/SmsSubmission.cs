using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.SmsApi;

/// <summary>A send the simulator accepted, with its wire fields already checked.</summary>
public sealed record SmsSubmission(
    string From,
    string To,
    string Text,
    string Type,
    string? ClientRef,
    string? Callback,
    bool StatusReportRequested,
    SmsTextEncoding Encoding,
    int Segments);

/// <summary>The outcome of checking a send: accepted, or rejected with a Vonage status.</summary>
public abstract record SmsSubmissionDecision
{
    private SmsSubmissionDecision() { }

    public sealed record Accepted(SmsSubmission Submission) : SmsSubmissionDecision;

    public sealed record Rejected(int Status, string ErrorText) : SmsSubmissionDecision;
}
