/* analysis/html-report.js - draws the charts of a `hapgsim report` page.
 *
 * The page holds the charts' data (script#hapgsim-data: [{id, kind, title, values,
 * marks, ...}], made by html-report-charts.c and html-timeline.c).  For each chart this
 * makes the Vega-Lite specification of its kind, which Vega-Lite compiles and Vega
 * renders as SVG into the div of the same id.  The layer named "hgdata" draws one
 * mark per data row (as the div's data-marks says), which the test counts.  Nothing is
 * fetched: the data are inline.  Compiled into the program (cmake/embed.c).
 */
(function () {
  'use strict';

  var VERDICTS = ['better', 'worse', 'no significant change', 'within tolerance',
                  'inconclusive', 'changed', 'undecided'];
  var VERDICT_COLOURS = ['#1a9850', '#d73027', '#8c8c8c', '#4575b4', '#f39c12', '#7b3294', '#bdbdbd'];
  var valid = function (a, b) {
    return {filter: 'isValid(datum.' + a + ') && isFinite(datum.' + a + ')' +
                    (b ? ' && isValid(datum.' + b + ') && isFinite(datum.' + b + ')' : '')};
  };
  var rowHeader = {labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelFontWeight: 'bold'};
  /* states that mean the same thing look alike: serving blue or green, down red,
   * in between yellow or purple */
  var STATE_COLOURS = {
    'up': '#59a14f', 'powered_off': '#d62728', 'tampered': '#ff9da7', 'zeroized': '#7f2704',
    'isolated': '#ffbe7d', 'active': '#4e79a7', 'standby': '#a0cbe8', 'syncing': '#edc948',
    'failed': '#f28e2b', 'exhausted': '#b07aa1', 'absent': '#d3d3d3',
    'slot available': '#8cd17d', 'slot out': '#8b0000'
  };
  var EVENT_COLOURS = {'fault': '#d62728', 'detection': '#6a3d9a', 'attempt': '#7f7f7f',
                       'sync': '#1f77b4', 'operator': '#000000'};
  var OTHER_COLOURS = ['#9c755f', '#bab0ac', '#76b7b2', '#ff7f0e', '#17becf', '#bcbd22'];
  /* the values of `field` in the data's order, and a colour for each */
  function palette(values, field, known) {
    var domain = [], range = [], other = 0;
    values.forEach(function (v) {
      var k = v[field];
      if (k === undefined || domain.indexOf(k) >= 0) return;
      domain.push(k);
      range.push(known[k] || OTHER_COLOURS[other++ % OTHER_COLOURS.length]);
    });
    return {domain: domain, range: range};
  }
  /* distinct values of `field`, in the data's order */
  function order(values, field) {
    var seen = [];
    values.forEach(function (v) { if (seen.indexOf(v[field]) < 0) seen.push(v[field]); });
    return seen;
  }

  var SPECS = {
    uptime: function (c) {
      var y = {field: 'member', type: 'nominal', sort: null, title: null};
      return {
        width: 480, height: {step: 26}, data: {values: c.values},
        layer: [
          {name: 'hginterval', transform: [valid('lo', 'hi')], mark: {type: 'rule', strokeWidth: 2},
           encoding: {y: y, x: {field: 'lo', type: 'quantitative', scale: {zero: false},
                                title: 'uptime (fraction of the window)'}, x2: {field: 'hi'}}},
          {name: 'hgdata', transform: [valid('mean')], mark: {type: 'point', filled: true, size: 70},
           encoding: {y: y, x: {field: 'mean', type: 'quantitative'},
                      tooltip: [{field: 'member'}, {field: 'mean', format: '.6f'},
                                {field: 'lo', format: '.6f'}, {field: 'hi', format: '.6f'}]}}
        ]
      };
    },
    outages: function (c) {
      return {
        data: {values: c.values},
        facet: {row: {field: 'metric', type: 'nominal', sort: order(c.values, 'metric'), title: null,
                      header: rowHeader}},
        spec: {
          name: 'hgdata', width: 480, height: 90, mark: {type: 'bar', stroke: 'white'},
          encoding: {x: {field: 'x0', type: 'quantitative', title: 'seconds',
                         scale: c.log ? {type: 'log'} : {zero: false}},
                     x2: {field: 'x1'},
                     y: {field: 'count', type: 'quantitative', title: c.y,
                         axis: {tickMinStep: 1, format: 'd'}},
                     y2: {datum: 0},
                     tooltip: [{field: 'x0', title: 'from', format: '.4g'}, {field: 'x1', title: 'to', format: '.4g'},
                               {field: 'count', title: c.y}]}
        },
        resolve: {scale: {x: 'independent', y: 'independent'}}
      };
    },
    latency: function (c) {
      /* one tick and grid line per power of ten */
      var ms = c.values.map(function (v) { return v.ms; });
      var lo = Math.floor(Math.log10(Math.min.apply(null, ms)));
      var hi = Math.ceil(Math.log10(Math.max.apply(null, ms)));
      var ticks = [];
      for (var e = lo; e <= hi; e++) ticks.push(Math.pow(10, e));
      return {
        width: 560, height: 260, data: {values: c.values},
        layer: [
          {name: 'hgdata', mark: {type: 'line', interpolate: 'step-after'},
           encoding: {x: {field: 'ms', type: 'quantitative', scale: {type: 'log'},
                          axis: {values: ticks, format: '~g'}, title: 'latency (ms, log scale)'},
                      y: {field: 'p', type: 'quantitative', scale: {domain: [0, 1]},
                          title: 'fraction of operations at most this long'},
                      color: c.series ? {field: 'series', type: 'nominal', title: 'run', sort: null}
                                      : {value: '#4c78a8'}}},
          {name: 'hgquantiles', data: {values: [{p: 0.5}, {p: 0.99}]}, mark: {type: 'rule', strokeDash: [4, 4], color: '#999'},
           encoding: {y: {field: 'p', type: 'quantitative'}}}
        ]
      };
    },
    sweep: function (c) {
      var x = {field: 'x', type: 'ordinal', sort: {field: 'order', op: 'min'}, title: null,
               scale: {type: 'band', paddingInner: 0.3}, axis: {labelAngle: 0}};
      var extra = function (enc) {
        if (c.series) {
          enc.color = {field: 'series', type: 'nominal', title: 'other axes'};
          enc.xOffset = {field: 'series', type: 'nominal'};
        }
        return enc;
      };
      return {
        data: {values: c.values},
        facet: {row: {field: 'metric', type: 'nominal', sort: order(c.values, 'metric'), title: null,
                      header: rowHeader},
                column: {field: 'axis', type: 'nominal', sort: order(c.values, 'axis'), title: null,
                         header: {labelFontWeight: 'bold', labelFontSize: 12}}},
        spec: {
          width: 220, height: 130,
          layer: [
            {name: 'hginterval', transform: [valid('lo', 'hi')], mark: {type: 'rule', strokeWidth: 1.5},
             encoding: extra({x: x, y: {field: 'lo', type: 'quantitative', title: null}, y2: {field: 'hi'}})},
            {name: 'hgdata', mark: {type: 'point', filled: true, size: 50},
             encoding: extra({x: x, y: {field: 'mean', type: 'quantitative', scale: {zero: false}, title: null},
                              tooltip: [{field: 'metric'}, {field: 'axis'}, {field: 'x', title: 'value'},
                                        {field: 'series'}, {field: 'mean', format: '.6g'},
                                        {field: 'lo', format: '.6g'}, {field: 'hi', format: '.6g'}]})}
          ]
        },
        resolve: {scale: {x: 'independent', y: 'independent', xOffset: 'independent'}}
      };
    },
    forest: function (c) {
      var y = {field: 'metric', type: 'nominal', sort: null, title: null};
      var colour = {field: 'verdict', type: 'nominal', title: 'verdict',
                    scale: {domain: VERDICTS, range: VERDICT_COLOURS}};
      return {
        width: 520, height: {step: 24}, data: {values: c.values},
        layer: [
          {name: 'hgzero', data: {values: [{zero: 0}]}, mark: {type: 'rule', strokeDash: [4, 3], color: '#777'},
           encoding: {x: {field: 'zero', type: 'quantitative'}}},
          {name: 'hginterval', transform: [valid('rlo', 'rhi')], mark: {type: 'rule', strokeWidth: 2},
           encoding: {y: y, x: {field: 'rlo', type: 'quantitative', title: 'candidate \u2212 base (% of the base mean)'},
                      x2: {field: 'rhi'}, color: colour}},
          {name: 'hgdata', mark: {type: 'point', filled: true, size: 80},
           encoding: {y: y, x: {field: 'rel', type: 'quantitative'}, color: colour,
                      tooltip: [{field: 'metric'}, {field: 'verdict'}, {field: 'diff', title: 'difference', format: '.6g'},
                                {field: 'lo', format: '.6g'}, {field: 'hi', format: '.6g'},
                                {field: 'rel', title: '% of base', format: '.3g'}]}}
        ]
      };
    },
    timeline: function (c) {
      var y = {field: 'lane', type: 'nominal', sort: {field: 'order', op: 'min'}, title: null};
      return {
        width: 900, height: {step: 26}, data: {values: c.values},
        layer: [
          {name: 'hgdata', transform: [{filter: "datum.type === 'span'"}],
           mark: {type: 'bar', height: {band: 0.7}},
           encoding: {y: y, x: {field: 't0', type: 'quantitative', title: 'time (' + c.unit + ')'},
                      x2: {field: 't1'},
                      color: {field: 'state', type: 'nominal', title: 'state',
                              scale: palette(c.values, 'state', STATE_COLOURS)},
                      tooltip: [{field: 'lane'}, {field: 'state'}, {field: 't0', title: 'from', format: '.4f'},
                                {field: 't1', title: 'to', format: '.4f'}]}},
          {name: 'hgevents', transform: [{filter: "datum.type === 'event'"}],
           mark: {type: 'point', filled: true, size: 36, opacity: 0.8},
           encoding: {y: y, x: {field: 't', type: 'quantitative'},
                      color: {field: 'event', type: 'nominal', title: 'event',
                              scale: palette(c.values, 'event', EVENT_COLOURS)},
                      shape: {field: 'event', type: 'nominal', title: 'event'},
                      tooltip: [{field: 'lane'}, {field: 'event'}, {field: 'detail'},
                                {field: 't', title: 'time', format: '.4f'}]}}
        ],
        resolve: {scale: {color: 'independent', shape: 'independent'}}
      };
    }
  };

  var CONFIG = {font: 'sans-serif', view: {stroke: '#ddd'}, axis: {labelLimit: 260},
                legend: {labelLimit: 260}};

  function draw(chart) {
    var el = document.getElementById(chart.id);
    var vl = SPECS[chart.kind](chart);
    vl.config = CONFIG;
    var view = new vega.View(vega.parse(vegaLite.compile(vl).spec),
                             {renderer: 'svg', container: el, hover: true});
    return view.runAsync().then(function () {
      el.setAttribute('data-rendered', 'true');
    });
  }

  var charts = JSON.parse(document.getElementById('hapgsim-data').textContent);
  Promise.all(charts.map(function (chart) {
    return Promise.resolve(chart).then(draw);
  })).then(function () {
    document.body.setAttribute('data-charts', 'drawn');
  }, function (err) {
    document.body.setAttribute('data-charts', 'failed');
    console.error('hapgsim report: a chart could not be drawn: ' + err);
  });
})();
