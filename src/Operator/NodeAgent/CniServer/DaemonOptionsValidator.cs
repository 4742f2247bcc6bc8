using FluentValidation;
using Multi.Operator.NodeAgent.CniServer.Reservations;

namespace Multi.Operator.NodeAgent.CniServer;

internal sealed class DaemonOptionsValidator : AbstractValidator<DaemonOptions>
{
    public DaemonOptionsValidator()
    {
        RuleFor(o => o.SocketPath)
            .Must(p => !string.IsNullOrEmpty(p) && Path.IsPathFullyQualified(p) && !p.Contains('\0', StringComparison.Ordinal)
                && !p.EndsWith('/') && Path.GetDirectoryName(p) is { Length: > 1 })
            .WithMessage(o => $"Operator:Daemon:SocketPath \"{o.SocketPath}\" must be an absolute file path below a directory other than /");
        RuleFor(o => o.SocketPath)
            .Must(p => System.Text.Encoding.UTF8.GetByteCount(p) < 108)
            .When(o => !string.IsNullOrEmpty(o.SocketPath))
            .WithMessage(o => $"Operator:Daemon:SocketPath \"{o.SocketPath}\" is longer than a Unix socket address allows (107 bytes)");
        RuleFor(o => o.MaxConcurrent)
            .InclusiveBetween(1, 1024)
            .WithMessage(o => $"Operator:Daemon:MaxConcurrent must be 1–1024, not {o.MaxConcurrent}");
        RuleFor(o => o.MaxQueued)
            .InclusiveBetween(0, 65536)
            .WithMessage(o => $"Operator:Daemon:MaxQueued must be 0–65536, not {o.MaxQueued}");
        RuleFor(o => o.RequestTimeout)
            .Must(t => t > TimeSpan.Zero && t <= TimeSpan.FromHours(1))
            .WithMessage(o => $"Operator:Daemon:RequestTimeout must be more than 0 and at most 1 hour, not {o.RequestTimeout}");
        RuleFor(o => o.ShutdownTimeout)
            .Must(t => t >= TimeSpan.Zero && t <= TimeSpan.FromHours(1))
            .WithMessage(o => $"Operator:Daemon:ShutdownTimeout must be 0–1 hour, not {o.ShutdownTimeout}");
        RuleFor(o => o.Reservations.StockSize)
            .Must(n => n == 0 || n is >= NodeReservationOptions.MinStock and <= NodeReservationOptions.MaxStock)
            .WithMessage(o => $"Operator:Daemon:Reservations:StockSize must be 0 (none) or {NodeReservationOptions.MinStock}–{NodeReservationOptions.MaxStock}, not {o.Reservations.StockSize}");
        RuleFor(o => o.Reservations.IdleTimeout)
            .Must(t => t >= TimeSpan.FromSeconds(10) && t <= TimeSpan.FromDays(1))
            .WithMessage(o => $"Operator:Daemon:Reservations:IdleTimeout must be 10 seconds–1 day, not {o.Reservations.IdleTimeout}");
    }
}
