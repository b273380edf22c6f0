using System.Diagnostics.Metrics;

namespace Mediation.Testing;

/// <summary>
/// The latest value of each instrument of one meter, for one owner: several servers in one test process publish
/// the same instruments, told apart by the meter's scope (the object that created it).
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _values = [];

    public MetricsRecorder(string meterName, object scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Meter.Scope == scope)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Set(instrument.Name, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Set(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>Reads every observable instrument now and returns the values by instrument name.</summary>
    public IReadOnlyDictionary<string, long> Read()
    {
        _listener.RecordObservableInstruments();
        lock (_values)
        {
            return new Dictionary<string, long>(_values);
        }
    }

    private void Set(string name, long value)
    {
        lock (_values)
        {
            _values[name] = value;
        }
    }

    public void Dispose() => _listener.Dispose();
}
