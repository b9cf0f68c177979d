/** A table's column widths and header row, declared once as data by each table. */
export interface TableColumn {
  key: string;
  label: string;
  /** Percent of the table's width. */
  width: number;
}

export function TableColumns({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <>
      <colgroup>
        {columns.map((c) => (
          <col key={c.key} style={{ width: `${c.width}%` }} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}
