//! The table behind every chart (issue 17 point 1): rows of counts with translated column headers, a
//! link to the detail page a row's number can be checked against, and the chart drawn from it.

/// How the chart of a table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One horizontal bar per row, its columns stacked (all but a last "total" column).
    Rows,
    /// One horizontal bar per column in each row, side by side (counts that do not add up).
    Grouped,
    /// One vertical bar per row (a month), its columns stacked.
    Months,
    /// No chart: a table of several unrelated counts.
    None,
}

/// One row: its label, where its numbers can be checked, and one count per column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub link: Option<String>,
    pub values: Vec<i64>,
}

/// One table of the dashboard.
#[derive(Debug, Clone)]
pub struct Table {
    /// Stable name in URLs (`/oversight/tables/{slug}`) and element ids.
    pub slug: &'static str,
    /// Catalogue key of the title.
    pub title: &'static str,
    /// Translated column headers (the row label's header first).
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub chart: ChartKind,
    /// Whether the last column is the row's total (left out of the stacked bars).
    pub has_total: bool,
}

impl Table {
    pub fn new(slug: &'static str, title: &'static str, chart: ChartKind) -> Table {
        Table {
            slug,
            title,
            columns: Vec::new(),
            rows: Vec::new(),
            chart,
            has_total: false,
        }
    }
    /// The sum of a column over the rows.
    pub fn column_total(&self, i: usize) -> i64 {
        self.rows.iter().filter_map(|r| r.values.get(i)).sum()
    }
    /// The totals line (one per value column).
    pub fn totals(&self) -> Vec<i64> {
        let n = self.columns.len().saturating_sub(1);
        (0..n).map(|i| self.column_total(i)).collect()
    }
    /// The value columns that the chart stacks (without the total column).
    pub fn series(&self) -> &[String] {
        let end = self.columns.len() - usize::from(self.has_total);
        self.columns.get(1..end).unwrap_or(&[])
    }
    /// Append a total column to every row (the sum of the others).
    pub fn with_total(mut self, header: String) -> Table {
        for r in &mut self.rows {
            r.values.push(r.values.iter().sum());
        }
        self.columns.push(header);
        self.has_total = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_add_columns_and_rows() {
        let mut t = Table::new("x", "x", ChartKind::Rows);
        t.columns = vec!["".into(), "a".into(), "b".into()];
        t.rows = vec![
            Row {
                label: "r1".into(),
                link: None,
                values: vec![1, 2],
            },
            Row {
                label: "r2".into(),
                link: None,
                values: vec![3, 0],
            },
        ];
        let t = t.with_total("total".into());
        assert_eq!(t.rows[0].values, vec![1, 2, 3]);
        assert_eq!(t.totals(), vec![4, 2, 6]);
        assert_eq!(t.series(), &["a".to_string(), "b".to_string()]);
    }
}
