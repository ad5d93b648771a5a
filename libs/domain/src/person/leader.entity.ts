import { Entity, PrimaryColumn } from 'typeorm';

/** A leader in charge (分管领导) of a unit: the escalation ladder's leader level for items that unit leads goes to them. */
@Entity('leader_unit')
export class LeaderUnit {
  @PrimaryColumn({ type: 'uuid', name: 'person_id' }) personId: string;

  @PrimaryColumn({ type: 'uuid', name: 'unit_id' }) unitId: string;
}

/** The head (组长) of a plan's working group, by the plan's document number (穗府办函〔2017〕324号). */
@Entity('plan_head')
export class PlanHead {
  @PrimaryColumn({ type: 'text', name: 'doc_number' }) docNumber: string;

  @PrimaryColumn({ type: 'uuid', name: 'person_id' }) personId: string;
}
