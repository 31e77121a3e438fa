using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Background;

/// <summary>
/// Sends each accepted message's delivery receipts (status <c>delivered</c>, one per part, signed) after
/// <see cref="SimulatorOptions.DeliveryReceiptDelayMilliseconds"/>. A receiver that fails is logged, never retried.
/// </summary>
public sealed class DeliveryReceiptWorker(
    DeliveryReceiptQueue queue,
    WebhookSender sender,
    IOptions<SimulatorOptions> options,
    TimeProvider clock,
    ILogger<DeliveryReceiptWorker> logger) : BackgroundService
{
    private const int Concurrency = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => DrainAsync(stoppingToken)));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = TimeSpan.FromMilliseconds(settings.DeliveryReceiptDelayMilliseconds);
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                var wait = job.AcceptedAt + delay - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
                foreach (var messageId in job.MessageIds)
                    await SendOneAsync(job, messageId, settings, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendOneAsync(DeliveryReceiptJob job, string messageId, SimulatorOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var parameters = WebhookSigning.Sign(
            DeliveryReceipt.Build(job.Submission, messageId, settings.ApiKey, job.AcceptedAt, now),
            VonageIds.NewNonce(), settings.SignatureSecret, settings.GetSignatureMethod(), now);
        try
        {
            var status = await sender.SendAsync(job.Target, settings.GetWebhookMethod(), parameters, cancellationToken);
            if (status is >= 200 and <= 205)
                SimulatorLog.DeliveryReceiptSent(logger, messageId, Redact.Phone(job.Submission.To), status);
            else
                SimulatorLog.DeliveryReceiptRefused(logger, messageId, job.Target, status);
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            SimulatorLog.DeliveryReceiptFailed(logger, messageId, job.Target, e.Message);
        }
    }
}
