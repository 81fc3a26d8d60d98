using System.Globalization;
using Spectre.Console;

namespace Fountain.Cli.Terminal;

/// <summary>Progress bars of one piece of work; <see cref="Ui.WithProgress{T}(Func{ProgressBoard, Task{T}})"/> hands one out.</summary>
internal abstract class ProgressBoard
{
    /// <summary>A new bar of <paramref name="total"/> units; a total of 0 is not known yet (an activity, not a fraction).</summary>
    /// <param name="format">How a count of units is printed in plain lines (e.g. as bytes); plain numbers if null.</param>
    public abstract ProgressBar Add(string description, double total, Func<double, string>? format = null);
}

/// <summary>One bar: its value and total may change as the work learns more.</summary>
internal abstract class ProgressBar
{
    public abstract void Update(double value);
    public abstract void Update(double value, double total);
    public abstract void Complete();
}

/// <summary>Spectre's live bars, for a terminal.</summary>
internal sealed class LiveProgressBoard(ProgressContext context) : ProgressBoard
{
    public override ProgressBar Add(string description, double total, Func<double, string>? format = null) =>
        new Bar(context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1)), total <= 0);

    private sealed class Bar : ProgressBar
    {
        private readonly ProgressTask _task;

        public Bar(ProgressTask task, bool indeterminate)
        {
            _task = task;
            _task.IsIndeterminate = indeterminate;
        }

        public override void Update(double value) => _task.Value = value;

        public override void Update(double value, double total)
        {
            _task.IsIndeterminate = total <= 0;
            if (total > 0) _task.MaxValue = total;
            _task.Value = value;
        }

        public override void Complete()
        {
            _task.IsIndeterminate = false;
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }
    }
}

/// <summary>
/// Progress as plain lines, for a file or a pipe: a line when a bar starts, at every tenth of the way, and when it
/// ends, so that a log shows progress without a line per block or cursor movement.
/// </summary>
internal sealed class PlainProgressBoard(IAnsiConsole console) : ProgressBoard
{
    private const int Steps = 10;
    private readonly Lock _write = new();

    public override ProgressBar Add(string description, double total, Func<double, string>? format = null)
    {
        var bar = new Bar(this, description, total, format ?? (v => v.ToString("0.##", CultureInfo.InvariantCulture)));
        bar.Start();
        return bar;
    }

    private void Write(string line)
    {
        lock (_write) console.WriteLine(line, Style.Plain);
    }

    private sealed class Bar(PlainProgressBoard board, string description, double total, Func<double, string> format) : ProgressBar
    {
        private readonly Lock _state = new();
        private double _total = total;
        private double _value;
        private int _stepShown;
        private bool _done;

        public void Start() => board.Write(_total > 0 ? $"{description}: 0 of {format(_total)}" : $"{description}...");

        public override void Update(double value)
        {
            lock (_state) Advance(value, _total);
        }

        public override void Update(double value, double total)
        {
            lock (_state) Advance(value, total);
        }

        public override void Complete()
        {
            lock (_state)
            {
                if (_done) return;
                _done = true;
                board.Write(_total > 0 ? $"{description}: {format(_value)} of {format(_total)}, done" : $"{description}: done");
            }
        }

        private void Advance(double value, double total)
        {
            if (_done) return;
            // Reports from parallel workers can arrive out of order; a count of work done only grows.
            _value = total == _total ? Math.Max(_value, value) : value;
            if (total <= 0) return;
            int step = (int)Math.Floor(Math.Clamp(value / total, 0, 1) * Steps);
            if (total != _total)
            {
                // A total learnt (or revised) only counts from here: the steps already behind are not news.
                _total = total;
                _stepShown = step;
                return;
            }
            if (step <= _stepShown || step >= Steps) return; // the last step is Complete's line
            _stepShown = step;
            board.Write($"{description}: {format(value)} of {format(_total)} ({step * 100 / Steps}%)");
        }
    }
}
