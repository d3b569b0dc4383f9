export * from './operator.entity';
export * from './organization-membership.entity';
export * from './user.entity';
