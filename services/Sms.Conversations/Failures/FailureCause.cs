using System.Text.RegularExpressions;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Failures;

/// <summary>
/// What a failure is grouped by: for a message from an <c>_error</c> queue, the exception type and the shape of its
/// message (ids, phone numbers and numbers replaced by placeholders, so "Message 3f2a… for +447700900123 timed out
/// after 30 s" and the same for another message fall in one group); for a send that ended failed, the carrier's error
/// code, else the shape of its reason. Pure.
/// </summary>
public static partial class FailureCause
{
    /// <summary>Longest shape kept: a group key, not a copy of a stack trace.</summary>
    private const int MaxShape = 300;

    /// <summary>The group key of a message MassTransit moved to an <c>_error</c> queue.</summary>
    public static string OfFault(string faultType, string faultMessage) => $"{faultType}: {Shape(faultMessage)}";

    /// <summary>
    /// The group key of a failed send, from its stored detail: "carrier error 21610" when the detail ends with the
    /// carrier's code (the thread store writes <c>… (error 21610)</c>), else the shape of the reason.
    /// </summary>
    public static string OfSend(string? detail) =>
        CarrierCode(detail) is { } code ? $"carrier error {code}" : $"send failed: {Shape(detail ?? "no reason given")}";

    /// <summary>The carrier's error code at the end of a failed send's detail (<c>… (error 21610)</c>), or null.</summary>
    public static string? CarrierCode(string? detail) =>
        detail is not null && CarrierCodePattern().Match(detail) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// The message with what differs between occurrences of one cause replaced: GUIDs and long hex ids by <c>{id}</c>,
    /// phone numbers by <c>{phone}</c>, other numbers by <c>{n}</c>, runs of white space by one space.
    /// </summary>
    public static string Shape(string message)
    {
        var shape = Guids().Replace(message, "{id}");
        shape = HexIds().Replace(shape, "{id}");
        shape = Phones().Replace(shape, "{phone}");
        shape = Numbers().Replace(shape, "{n}");
        shape = Spaces().Replace(shape, " ").Trim();
        return shape.Length <= MaxShape ? shape : shape[..MaxShape] + "…";
    }

    /// <summary>The text with every phone number in it masked (<see cref="Redact.Phone"/>): a sample fit to show.</summary>
    public static string MaskPhones(string text) => Phones().Replace(text, m => Redact.Phone(m.Value));

    [GeneratedRegex(@"\(error ([^()\s]+)\)\s*$")]
    private static partial Regex CarrierCodePattern();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b")]
    private static partial Regex Guids();

    [GeneratedRegex(@"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{16,}\b")]
    private static partial Regex HexIds();

    [GeneratedRegex(@"\+\d{6,15}\b")]
    private static partial Regex Phones();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
